"""What `make run` and `make write` start: the Streamlit app (streamlit_app.py) behind one middleware that sends
unknown and nested addresses to the plain-language "page not found" page."""
import streamlit as st
from starlette.middleware import Middleware

from webapp.addresses import KnownAddresses

app = st.App("streamlit_app.py", middleware=[Middleware(KnownAddresses)])
