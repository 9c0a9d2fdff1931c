"""factory_boy factories for the domain; tests build their rows with these."""

from datetime import date, timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Article, Author, Claim, Outcome, Publication, Tag


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password("pw-for-tests")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        for name in extracted or ():
            self.groups.add(Group.objects.get(name=name))


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Publication {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Author {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("kind", "name")

    kind = Tag.Kind.REGION
    name = factory.Sequence(lambda n: f"Region {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    publication = factory.SubFactory(PublicationFactory)
    title = factory.Sequence(lambda n: f"Article {n}")
    published_on = date(2025, 1, 15)
    body = "Some analysis."

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        self.authors.set(extracted if extracted is not None else [AuthorFactory()])


class ClaimFactory(factory.django.DjangoModelFactory):
    """A published (open) claim due a year after its article; override as needed."""

    class Meta:
        model = Claim
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    quote = factory.Sequence(lambda n: f"Something {n} will likely happen by late 2026.")
    statement = factory.Sequence(lambda n: f"Something {n} happens by the end of 2026.")
    kind = Claim.Kind.OCCURS_BY
    time_expression = "late 2026"
    window_start = date(2026, 9, 1)
    due_on = date(2026, 12, 31)
    precision = Claim.Precision.PART_OF_YEAR
    hedge = "likely"
    probability = 0.675
    status = Claim.Status.OPEN

    @factory.post_generation
    def claimants(self, create, extracted, **kwargs):
        self.claimants.set(extracted if extracted is not None else self.article.authors.all())

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.set(extracted)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    claim = factory.SubFactory(ClaimFactory, status=Claim.Status.RESOLVED)
    verdict = Outcome.Verdict.TRUE
    evidence_links = factory.LazyFunction(lambda: ["https://example.org/evidence"])
    rationale = "It happened."
    known_on = factory.LazyFunction(lambda: date(2026, 1, 1) + timedelta(days=1))
    reviewer = factory.SubFactory(UserFactory)
