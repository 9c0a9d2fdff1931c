"""Pages in from the web: fetch within limits (fetch.py), read the main text (reading.py).

Pure helpers with no database access; the services in claims/services/intake.py,
feeds.py and rechecks.py decide what to do with what they return.
"""
