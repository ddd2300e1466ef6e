"""A real MCP client (PyPI `mcp`, pinned in requirements.txt) for connectors' tests.

Reads a plan from standard input: {"command", "args", "env", "calls": [...]}; starts
`connectors mcp` over stdio, initializes and lists the tools, then makes the calls in
order. A call is {"tool", "arguments"}, or {"wait_for": PATH}, which waits until the test
creates that file (the test acts as the person at the browser meanwhile). Prints one JSON
line for the tool list ({"server", "tools"}), then one per call result ({"isError",
"structured", "text"}), each flushed as it comes.
"""
import os
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main():
    plan = json.load(sys.stdin)
    params = StdioServerParameters(command=plan["command"], args=plan.get("args", []), env=plan.get("env"))
    out = {"tools": []}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            out["server"] = init.server_info.name if hasattr(init, "server_info") else init.serverInfo.name
            listed = await session.list_tools()
            for t in listed.tools:
                a = t.annotations
                out["tools"].append({
                    "name": t.name,
                    "readOnlyHint": getattr(a, "read_only_hint", getattr(a, "readOnlyHint", None)) if a else None,
                    "destructiveHint": getattr(a, "destructive_hint", getattr(a, "destructiveHint", None)) if a else None,
                    "inputSchema": getattr(t, "input_schema", getattr(t, "inputSchema", None)),
                })
            print(json.dumps(out), flush=True)
            for call in plan.get("calls", []):
                if "wait_for" in call:
                    while not os.path.exists(call["wait_for"]):
                        await asyncio.sleep(0.05)
                    continue
                r = await session.call_tool(call["tool"], call.get("arguments", {}))
                print(json.dumps({
                    "isError": bool(getattr(r, "is_error", getattr(r, "isError", False))),
                    "structured": getattr(r, "structured_content", getattr(r, "structuredContent", None)),
                    "text": [c.text for c in r.content if getattr(c, "type", "") == "text"],
                }), flush=True)


asyncio.run(main())
