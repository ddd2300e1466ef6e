#!/usr/bin/env python3
"""A scripted browser stand-in for connectors' tests, passed as $BROWSER.

It opens the authorization URL, follows the authorization server's redirects with a
cookie jar like a browser, tells the test server who logs in and whether they consent
(X-Test-User, X-Test-Decision, X-Test-Withhold), and finally requests the loopback
redirect URI, which delivers the code (or the error) to `connectors connect`.

TEST_BROWSER_MODE adds misbehaviour seen in the wild before the real callback:
  wrong_state  deliver the callback once with a forged state first (expects 400)
  stray        request /favicon.ico and a path on the listener first (expects 404)
  nothing      do nothing at all (the flow must time out)
TEST_BROWSER_LOG, when set, receives one line per request: STATUS URL-PATH.
"""
import http.cookiejar
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def log(status, url):
    path = os.environ.get("TEST_BROWSER_LOG")
    if path:
        with open(path, "a") as f:
            f.write(f"{status} {urllib.parse.urlsplit(url).path}\n")


def main():
    url = sys.argv[1]
    mode = os.environ.get("TEST_BROWSER_MODE", "")
    if mode == "nothing":
        return
    headers = {
        "X-Test-User": os.environ.get("TEST_USER", "alice"),
        "X-Test-Decision": os.environ.get("TEST_DECISION", "consent"),
        "X-Test-Withhold": os.environ.get("TEST_WITHHOLD", ""),
    }
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect)

    def get(u):
        try:
            r = opener.open(urllib.request.Request(u, headers=headers), timeout=20)
            status, location = r.status, r.headers.get("Location")
        except urllib.error.HTTPError as e:
            status, location = e.code, e.headers.get("Location")
        log(status, u)
        return status, location

    for _ in range(20):
        parts = urllib.parse.urlsplit(url)
        if parts.path == "/api/external-auth/callback":
            base = f"{parts.scheme}://{parts.netloc}"
            if mode == "wrong_state":
                q = urllib.parse.parse_qs(parts.query)
                q["state"] = ["forged-state-value"]
                get(f"{base}{parts.path}?{urllib.parse.urlencode(q, doseq=True)}")
            if mode == "stray":
                get(f"{base}/favicon.ico")
                get(f"{base}/api/external-auth/callback/extra")
            get(url)
            return
        status, location = get(url)
        if status not in (301, 302, 303, 307, 308) or not location:
            return
        url = urllib.parse.urljoin(url, location)


if __name__ == "__main__":
    main()
