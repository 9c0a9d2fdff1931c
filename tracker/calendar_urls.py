"""URLs of the calendar feeds (included from config/urls.py)."""

from django.urls import path, re_path

from tracker import calendar_views

urlpatterns = [
    path("calendar.ics", calendar_views.calendar_feed, name="calendar-feed"),
    path("calendar/", calendar_views.calendar_settings, name="calendar-settings"),
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{20,64})\.ics$", calendar_views.calendar_private_feed,
            name="calendar-private-feed"),
]
