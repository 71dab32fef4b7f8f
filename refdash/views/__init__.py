"""One presenter per page: what a page shows, ready to draw, without Streamlit."""
