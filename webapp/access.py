"""Which door the app opens: the patient site (default) or the writers' workspace, and the writers' password.

Writer mode is chosen when the app starts (EXPLAINER_APP_MODE=writer; `make write`) and needs a password in
Streamlit secrets (`writer_password` in .streamlit/secrets.toml). Nothing here imports Streamlit.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import sys

MODE_VARIABLE = "EXPLAINER_APP_MODE"
SECRET_NAME = "writer_password"
MIN_PASSWORD_LENGTH = 12

NO_SECRET = (f"Writer mode needs a password. Put `{SECRET_NAME} = \"...\"` (at least {MIN_PASSWORD_LENGTH} "
             "characters) in .streamlit/secrets.toml (never commit it), then start the workspace again with "
             "`make write`. The patient site (`make run`) needs no password.")


def writer_mode(environ=os.environ) -> bool:
    """True when the app was started as the writers' workspace; anything else serves the patient site."""
    return environ.get(MODE_VARIABLE, "").strip().lower() == "writer"


def usable_secret(secret) -> str:
    """The configured writer password, or "" when there is none fit for use (missing, not text, too short)."""
    if not isinstance(secret, str) or len(secret.strip()) < MIN_PASSWORD_LENGTH:
        return ""
    return secret


def password_matches(typed, secret: str) -> bool:
    """Compare in constant time (digests first, so neither the length nor the content leaks through timing)."""
    if not secret or not isinstance(typed, str):
        return False
    return hmac.compare_digest(hashlib.sha256(typed.encode("utf-8")).digest(),
                               hashlib.sha256(secret.encode("utf-8")).digest())


def secret_from_file(path) -> str:
    """The writer password in a secrets.toml file ("" when absent or unreadable), for the start-up check."""
    import tomllib

    try:
        with open(path, "rb") as handle:
            return usable_secret(tomllib.load(handle).get(SECRET_NAME))
    except (OSError, ValueError):
        return ""


def main(argv: list[str] | None = None) -> int:
    """`python -m webapp.access SECRETS.toml ...`: exit 1 with the reason when no file holds a usable password
    (`make write` runs this before it starts Streamlit)."""
    paths = argv if argv is not None else sys.argv[1:]
    if any(secret_from_file(path) for path in paths):
        return 0
    print(f"explainer-lint: writer mode refused to start. {NO_SECRET}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
