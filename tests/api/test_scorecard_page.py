"""The server-rendered scorecard page uses the same selector as the API."""

import pytest
from django.test import override_settings
from tracker.views import PLOT_MARGIN, PLOT_SIZE, calibration_points

from claims.models import Claim
from tests.factories import AuthorFactory, ClaimFactory, OutcomeFactory

pytestmark = pytest.mark.django_db


def test_page_shows_rows_and_a_calibration_plot(client, viewer):
    ann = AuthorFactory(name="Ann")
    OutcomeFactory(claim=ClaimFactory(claimants=[ann], probability=0.9, status=Claim.Status.RESOLVED))
    client.force_login(viewer)
    response = client.get("/scorecards/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ann" in html
    assert html.count('class="bin"') == 1
    assert "partly_true" in html  # the scoring rule is on the page


def test_calibration_points_place_bins_on_the_plot():
    row = {
        "calibration": [
            {"lower": 0.9, "upper": 1.0, "count": 4, "mean_forecast": 0.9, "observed_frequency": 1.0},
            {"lower": 0.0, "upper": 0.1, "count": 0, "mean_forecast": None, "observed_frequency": None},
        ]
    }
    (point,) = calibration_points(row)
    inner = PLOT_SIZE - 2 * PLOT_MARGIN
    assert point["cx"] == round(PLOT_MARGIN + 0.9 * inner, 1)
    assert point["cy"] == PLOT_MARGIN  # observed 1.0 is the top edge


def test_bad_filter_is_a_400_page_with_the_message(client, viewer):
    client.force_login(viewer)
    response = client.get("/scorecards/", {"due_before": "not-a-date"})
    assert response.status_code == 400
    assert "Enter a valid date." in response.content.decode()


def test_anonymous_visitors_log_in_unless_anonymous_read_is_on(client):
    assert client.get("/scorecards/").status_code == 302
    with override_settings(API_ANONYMOUS_READ=True):
        assert client.get("/scorecards/").status_code == 200


def test_outsider_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get("/scorecards/").status_code == 403
