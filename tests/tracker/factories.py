import factory
from django.utils import timezone

from tests.factories import UserFactory
from tracker.models import Notification


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    period = "2026-11-25"
    to_email = factory.LazyAttribute(lambda n: n.recipient.email)
    subject = "2 claims to review"
    body_text = "Plain text."
    body_html = "<p>HTML</p>"
    next_attempt_at = factory.LazyFunction(timezone.now)
