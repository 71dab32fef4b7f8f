"""One presenter per page: what a page shows, ready to draw, without Streamlit."""

#: Most rows a list beside a page's main figures draws (the Portfolio's early asks, the
#: Segments page's client lists), the first ones by the list's own order; the list's CSV
#: download has them all. Every row drawn is sent on every run: on a 100,000-client store
#: the early asks were 734 KB a run, the four client lists 315 KB (the Segments page now
#: draws only the chosen tab's).
LIST_ROWS = 100
