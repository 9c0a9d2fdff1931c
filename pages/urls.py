"""URLs of the public pages. Public when API_ANONYMOUS_READ is on, login-only otherwise."""

urlpatterns: list = []
