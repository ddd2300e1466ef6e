#!/usr/bin/env python3
"""A small scheduling app whose people connect their own calendars through connectors.

It plays the role of an app in a connectors workspace, with Python's standard library
only: a person signs in by name, sees "Connect your calendar", is sent to the provider
(`connectors connect-url`), comes back to this app's /api/external-auth/callback, which
runs `connectors callback`; the page then shows the connected account and a Disconnect
button (`connectors disconnect`). The back end never sees a token or a client secret:
`connectors token` gives one when the app needs to call the provider.

Run it (see README.md beside it):

    python3 app.py --app scheduling --connector "Google Calendar scheduling" \\
        --url http://127.0.0.1:8765

The vault and its key come from the environment, as for every connectors command
(CONNECTORS_VAULT, CONNECTORS_KEY_FILE, the keyring...).
"""

import argparse
import html
import http.cookies
import http.server
import json
import os
import re
import secrets
import subprocess
import sys
import threading
import urllib.parse

CALLBACK_PATH = "/api/external-auth/callback"
NAME = re.compile(r"^[A-Za-z0-9._@-]{1,64}$")


class Connectors:
    """The three commands an app back end needs, and `connections`/`disconnect`."""

    def __init__(self, binary, app, connector):
        self.binary, self.app, self.connector = binary, app, connector

    def run(self, *args):
        """Runs `connectors --json ARGS`: (ok, document)."""
        done = subprocess.run(
            [self.binary, "--json", "--no-input", *args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        try:
            doc = json.loads(done.stdout or "{}")
        except json.JSONDecodeError:
            doc = {"error": {"message": done.stderr.strip() or "connectors gave no answer"}}
        return done.returncode == 0, doc

    def connect_url(self, user, redirect_uri):
        return self.run("connect-url", self.connector, "--app", self.app,
                        "--user", user, "--redirect", redirect_uri)

    def callback(self, url):
        return self.run("callback", "--app", self.app, url)

    def connection(self, user):
        ok, doc = self.run("connections", self.connector, "--app", self.app, "--user", user)
        rows = doc.get("connections", []) if ok else []
        return rows[0]["connection"] if rows else None

    def disconnect(self, user):
        return self.run("disconnect", self.connector, "--app", self.app, "--user", user)


class Sessions:
    """Who is signed in in which browser, the form token of each session, and which
    consent each session started (so a callback is finished only in the browser that
    started it)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.users, self.forms, self.started = {}, {}, {}

    def sign_in(self, name):
        sid = secrets.token_urlsafe(32)
        with self.lock:
            self.users[sid] = name
            self.forms[sid] = secrets.token_urlsafe(32)
        return sid

    def user(self, sid):
        with self.lock:
            return self.users.get(sid)

    def form_token(self, sid):
        with self.lock:
            return self.forms.get(sid, "")

    def remember(self, sid, state):
        with self.lock:
            self.started[state] = sid

    def take(self, state):
        with self.lock:
            return self.started.pop(state, None)

    def sign_out(self, sid):
        with self.lock:
            self.users.pop(sid, None)
            self.forms.pop(sid, None)


def page(title, body):
    return (
        "<!doctype html><html><head><meta charset=utf-8>"
        f"<title>{html.escape(title)} · Scheduling</title></head>"
        f"<body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )


def error_body(doc):
    err = doc.get("error", {})
    code = html.escape(str(err.get("code", "error")))
    message = html.escape(str(err.get("message", "")))
    hint = html.escape(str(err.get("hint") or ""))
    return (f'<p class="error" data-code="{code}">{message}</p>'
            + (f"<p>{hint}</p>" if hint else "")
            + '<p><a href="/">Back</a></p>')


def make_handler(cx, sessions, base_url):
    redirect_uri = base_url.rstrip("/") + CALLBACK_PATH

    class Handler(http.server.BaseHTTPRequestHandler):
        server_version = "scheduling-app"

        def log_message(self, fmt, *args):  # one line per request, never a query
            sys.stderr.write("%s %s\n" % (self.command, self.path.split("?", 1)[0]))

        def sid(self):
            jar = http.cookies.SimpleCookie(self.headers.get("Cookie", ""))
            return jar["session"].value if "session" in jar else ""

        def send(self, status, body, headers=()):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("Referrer-Policy", "no-referrer")
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def to(self, location, headers=()):
            self.send_response(303)
            self.send_header("Location", location)
            self.send_header("Content-Length", "0")
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()

        def form(self):
            size = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(min(size, 4096)).decode("utf-8", "replace")
            return {k: v[0] for k, v in urllib.parse.parse_qs(raw).items()}

        def do_GET(self):
            path, _, query = self.path.partition("?")
            if path == "/":
                return self.home()
            if path == CALLBACK_PATH:
                return self.callback(query)
            self.send(404, page("Not found", '<p><a href="/">Home</a></p>'))

        def do_POST(self):
            path = self.path.split("?", 1)[0]
            form = self.form()
            if path == "/signin":
                name = form.get("name", "").strip()
                if not NAME.match(name):
                    return self.send(400, page("Sign in", "<p>Letters, digits and . _ @ - only.</p>"
                                               '<p><a href="/">Back</a></p>'))
                sid = sessions.sign_in(name)
                return self.to("/", [("Set-Cookie", f"session={sid}; HttpOnly; SameSite=Lax; Path=/")])
            sid = self.sid()
            user = sessions.user(sid)
            if not user or not secrets.compare_digest(form.get("form", ""), sessions.form_token(sid)):
                return self.send(403, page("Sign in first", '<p><a href="/">Home</a></p>'))
            if path == "/connect":
                ok, doc = cx.connect_url(user, redirect_uri)
                if not ok:
                    return self.send(502, page("Could not start", error_body(doc)))
                sessions.remember(sid, doc["state"])
                return self.to(doc["authorization_url"])
            if path == "/disconnect":
                ok, doc = cx.disconnect(user)
                if not ok:
                    return self.send(502, page("Could not disconnect", error_body(doc)))
                return self.to("/")
            if path == "/signout":
                sessions.sign_out(sid)
                return self.to("/", [("Set-Cookie", "session=; Max-Age=0; Path=/")])
            self.send(404, page("Not found", ""))

        def home(self):
            sid = self.sid()
            user = sessions.user(sid)
            if not user:
                return self.send(200, page("Sign in", (
                    '<form method="post" action="/signin"><label>Your name '
                    '<input name="name" autofocus></label> '
                    '<button type="submit" name="signin">Sign in</button></form>')))
            token = html.escape(sessions.form_token(sid))
            hidden = f'<input type="hidden" name="form" value="{token}">'
            c = cx.connection(user)
            if c and c.get("status") != "revoked":
                body = (f'<p>Signed in as <b class="user">{html.escape(user)}</b>.</p>'
                        f'<p>Your calendar is connected as <b class="account">'
                        f'{html.escape(str(c.get("account") or "(unknown account)"))}</b> '
                        f'({html.escape(c.get("status", ""))}).</p>'
                        f'<form method="post" action="/disconnect">{hidden}'
                        '<button type="submit" name="disconnect">Disconnect</button></form>')
            else:
                body = (f'<p>Signed in as <b class="user">{html.escape(user)}</b>.</p>'
                        f'<form method="post" action="/connect">{hidden}'
                        '<button type="submit" name="connect">Connect your calendar</button></form>')
            body += f'<form method="post" action="/signout">{hidden}<button type="submit">Sign out</button></form>'
            self.send(200, page("Your calendar", body))

        def callback(self, query):
            state = urllib.parse.parse_qs(query).get("state", [""])[0]
            started_by = sessions.take(state) if state else None
            # Finished only in the browser that started it: a link sent to someone else
            # cannot attach their account to the sender's user.
            if not started_by or started_by != self.sid():
                return self.send(400, page("Not your connection", (
                    "<p>This sign-in was not started in this browser. Start again from the app.</p>"
                    '<p><a href="/">Home</a></p>')))
            ok, doc = cx.callback(f"{redirect_uri}?{query}")
            if not ok:
                return self.send(400, page("Not connected", error_body(doc)))
            return self.to("/")

    return Handler


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--app", default=os.environ.get("APP", "scheduling"),
                    help="the app's name in the connectors workspace")
    ap.add_argument("--connector", default=os.environ.get("CONNECTOR", "Google Calendar scheduling"))
    ap.add_argument("--url", default="http://127.0.0.1:8765",
                    help="this app's public address; its /api/external-auth/callback must be registered")
    ap.add_argument("--connectors", default=os.environ.get("CONNECTORS_BIN", "connectors"),
                    help="the connectors binary")
    ap.add_argument("--listen", default=None, help="HOST:PORT to listen on (default: from --url)")
    args = ap.parse_args()
    u = urllib.parse.urlsplit(args.url)
    host, port = (args.listen.rsplit(":", 1) if args.listen
                  else (u.hostname or "127.0.0.1", str(u.port or 80)))
    cx = Connectors(args.connectors, args.app, args.connector)
    server = http.server.ThreadingHTTPServer((host, int(port)), make_handler(cx, Sessions(), args.url))
    print(json.dumps({"listening": f"http://{host}:{server.server_address[1]}"}), flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
