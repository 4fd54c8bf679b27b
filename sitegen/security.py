"""The Content-Security-Policy (the site's own resources only) and the `_headers` file for hosts that read one."""
from __future__ import annotations

from .config import SiteConfig

# Nothing inline and nothing from another origin: a pasted <script> or style="" is refused by the browser too.
PUBLISHED_POLICY = (
    ("default-src", "'none'"),
    ("script-src", "'self'"),
    ("style-src", "'self'"),
    ("img-src", "'self'"),
    ("font-src", "'self'"),
    ("connect-src", "'self'"),
    ("manifest-src", "'self'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)
# `serve` only: the live-reload client is an inline script that talks to the local server over a WebSocket.
DEV_ADDITIONS = {"script-src": "'unsafe-inline'", "connect-src": "ws://127.0.0.1:* ws://localhost:*"}
# Browsers ignore these in a <meta> element; they belong in the HTTP header only.
HEADER_ONLY_POLICY = (("frame-ancestors", "'none'"),)

LONG_CACHE = "public, max-age=31536000, immutable"


def content_security_policy(dev: bool = False) -> str:
    """The policy for the <meta http-equiv> of every page; `dev` loosens it for the live preview only."""
    directives = [(name, f"{value} {DEV_ADDITIONS[name]}" if dev and name in DEV_ADDITIONS else value)
                  for name, value in PUBLISHED_POLICY]
    return _join(directives)


def headers_file(config: SiteConfig, policy: str) -> bytes:
    """`_headers` (Netlify, Cloudflare Pages): the policy as a real header, and hashed assets cached forever."""
    base = config.base_path
    lines = [
        "# Response headers for static hosts that read this file. Written by build.py: edit sitegen/security.py.",
        f"{base}*",
        f"  Content-Security-Policy: {policy}; {_join(HEADER_ONLY_POLICY)}",
        "  X-Content-Type-Options: nosniff",
        "  Referrer-Policy: strict-origin-when-cross-origin",
        f"{base}assets/*",
        f"  Cache-Control: {LONG_CACHE}",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _join(directives) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives)
