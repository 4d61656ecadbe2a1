"""Imported once by the lint workers' forkserver (webapp.worker): loads what every lint needs, so each worker
forked from it starts ready (spaCy alone takes seconds)."""
from linter.api import warm_up

warm_up()
