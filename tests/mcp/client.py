"""A real MCP client (PyPI `mcp`, pinned in requirements.txt) for connectors' tests.

Reads a plan from standard input: {"command", "args", "env", "calls": [...], "era",
"elicit"}; starts `connectors mcp` over stdio, opens the session, lists the tools, then
makes the calls in order. A call is {"tool", "arguments"}, or {"wait_for": PATH}, which
waits until the test creates that file (the test acts as the person at the browser
meanwhile).

"era" is "legacy" (the initialize handshake, the default) or "modern" (2026-07-28, the
stateless protocol). "elicit", when given, is the list of answers the person gives to the
server's elicitations, in order ("accept", "decline", "cancel"); the client then tells the
server it can show URLs and forms. Without it, the client cannot elicit.

Prints one JSON line for the tool list ({"server", "tools"}), one per elicitation
({"elicitation": {"mode", "url", "message", "elicitationId"}}), printed before the person
answers it, and one per call result ({"isError", "structured", "text", "completed"}, with
the elicitation ids the server has said complete), each flushed as it comes.
"""
import os
import asyncio
import json
import sys

import mcp_types as types
from mcp import ClientSession, StdioServerParameters
from mcp.client.client import Client
from mcp.client.stdio import stdio_client


def field(obj, snake, camel):
    return getattr(obj, snake, getattr(obj, camel, None))


class Person:
    def __init__(self, answers):
        self.answers = list(answers)
        self.completed = []

    async def elicit(self, context, params):
        print(json.dumps({"elicitation": {
            "mode": getattr(params, "mode", "form"),
            "url": getattr(params, "url", None),
            "message": params.message,
            "elicitationId": field(params, "elicitation_id", "elicitationId"),
        }}), flush=True)
        return types.ElicitResult(action=self.answers.pop(0) if self.answers else "cancel")

    async def notified(self, message):
        if getattr(message, "method", None) == "notifications/elicitation/complete":
            self.completed.append(field(message.params, "elicitation_id", "elicitationId"))


def tools_line(name, listed):
    out = {"server": name, "tools": []}
    for t in listed.tools:
        a = t.annotations
        out["tools"].append({
            "name": t.name,
            "readOnlyHint": field(a, "read_only_hint", "readOnlyHint") if a else None,
            "destructiveHint": field(a, "destructive_hint", "destructiveHint") if a else None,
            "inputSchema": field(t, "input_schema", "inputSchema"),
        })
    return out


async def run_calls(plan, call, person):
    for c in plan.get("calls", []):
        if "wait_for" in c:
            while not os.path.exists(c["wait_for"]):
                await asyncio.sleep(0.05)
            continue
        r = await call(c["tool"], c.get("arguments", {}))
        print(json.dumps({
            "isError": bool(field(r, "is_error", "isError")),
            "structured": field(r, "structured_content", "structuredContent"),
            "text": [c.text for c in r.content if getattr(c, "type", "") == "text"],
            "completed": list(person.completed),
        }), flush=True)


async def main():
    plan = json.load(sys.stdin)
    params = StdioServerParameters(command=plan["command"], args=plan.get("args", []), env=plan.get("env"))
    person = Person(plan.get("elicit", []))
    elicit = person.elicit if "elicit" in plan else None
    if plan.get("era", "legacy") == "modern":
        async with Client(params, mode="2026-07-28", elicitation_callback=elicit,
                          message_handler=person.notified) as client:
            print(json.dumps(tools_line("connectors", await client.list_tools())), flush=True)
            await run_calls(plan, client.call_tool, person)
        return
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write, elicitation_callback=elicit,
                                 message_handler=person.notified) as session:
            init = await session.initialize()
            name = field(init, "server_info", "serverInfo").name
            print(json.dumps(tools_line(name, await session.list_tools())), flush=True)
            await run_calls(plan, session.call_tool, person)


asyncio.run(main())
