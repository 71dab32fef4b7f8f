"""Every chart is drawn with the one template, whatever plotly's default is when it is made."""

import plotly.graph_objects as go
import plotly.io as pio
import pytest

from refdash.charts import style
from refdash.i18n import plotly_separators


def _template_of(fig: go.Figure) -> dict:
    return fig.to_plotly_json()["layout"]["template"]


@pytest.mark.parametrize("default", [style.TEMPLATE, "streamlit", "plotly_dark"])
def test_a_chart_has_the_white_template_whichever_default_it_was_made_under(monkeypatch,
                                                                            default):
    import streamlit  # noqa: F401 - registers the "streamlit" template

    monkeypatch.setattr(pio.templates, "default", default)
    fig = style.base_layout(go.Figure(go.Scatter(x=[1, 2], y=[3, 4])), "Trust", "fr")
    assert _template_of(fig) == pio.templates[style.TEMPLATE].to_plotly_json()
    assert fig.layout.title.text == "Trust" and fig.layout.separators == plotly_separators("fr")
