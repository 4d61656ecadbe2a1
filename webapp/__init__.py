"""The Streamlit app's plain functions (logic), cached linter access (services) and page drawings (views)."""
