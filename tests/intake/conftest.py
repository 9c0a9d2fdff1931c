"""The local web site the intake tests fetch from: started once per module, routes reset per test."""

import pytest

from tests.intake.site import Site


@pytest.fixture(scope="module")
def _site():
    site = Site()
    site.start()
    yield site
    site.stop()


@pytest.fixture
def site(_site, settings):
    _site.routes.clear()
    _site.requests.clear()
    settings.INTAKE_TIMEOUT_SECONDS = 1
    return _site
