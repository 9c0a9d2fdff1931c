"""Roles as documented, in every door: the service, the admin and the API apply one rule.

- Extending a deadline is an editor's act.
- A reviewer takes an unassigned claim or releases their own.
- Only editors assign others (or take a claim off someone), and only to people who may
  record outcomes: members of Reviewers or holders of the permission, not a bare superuser.
"""

from datetime import date

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from claims.models import Claim
from claims.roles import REVIEWERS, assignable_reviewers
from claims.services import claim_assign, claim_extend_deadline
from claims.services.lifecycle import ClaimPermissionError
from tests.factories import ClaimFactory, UserFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/claims/claim/"


@pytest.fixture
def other_reviewer(db):
    return UserFactory(username="other-reviewer", groups=[REVIEWERS])


@pytest.fixture
def root(db):
    return UserFactory(username="root", is_superuser=True)


@pytest.fixture
def people(editor, reviewer, other_reviewer, viewer, root):
    return {"editor": editor, "reviewer": reviewer, "other": other_reviewer, "viewer": viewer, "root": root}


# (what, acting, claim's current reviewer, new reviewer or None to release, allowed?)
ASSIGN_CASES = [
    ("reviewer takes an unassigned claim", "reviewer", None, "reviewer", True),
    ("reviewer takes their own claim again", "reviewer", "reviewer", "reviewer", True),
    ("reviewer takes another reviewer's claim", "reviewer", "other", "reviewer", False),
    ("reviewer gives an unassigned claim to another", "reviewer", None, "other", False),
    ("reviewer gives their claim to another", "reviewer", "reviewer", "other", False),
    ("reviewer assigns the superuser", "reviewer", "other", "root", False),
    ("reviewer releases their own claim", "reviewer", "reviewer", None, True),
    ("reviewer releases another's claim", "reviewer", "other", None, False),
    ("editor assigns a reviewer", "editor", None, "reviewer", True),
    ("editor reassigns a reviewer's claim", "editor", "other", "reviewer", True),
    ("editor releases a reviewer's claim", "editor", "other", None, True),
    ("editor assigns a viewer", "editor", None, "viewer", False),
    ("editor assigns a bare superuser", "editor", None, "root", False),
    ("editor assigns themselves (not a reviewer)", "editor", None, "editor", False),
    ("viewer takes a claim", "viewer", None, "viewer", False),
]


def _claim(people, current):
    return ClaimFactory(status=Claim.Status.DUE, reviewer=people.get(current))


def _reviewer_after(claim):
    return Claim.objects.get(pk=claim.pk).reviewer


@pytest.mark.parametrize(
    ("what", "actor", "current", "new", "allowed"), ASSIGN_CASES, ids=[c[0] for c in ASSIGN_CASES]
)
def test_assign_rule_in_the_service(people, what, actor, current, new, allowed):
    claim = _claim(people, current)
    if allowed:
        claim_assign(claim=claim, reviewer=people.get(new), by=people[actor])
        assert _reviewer_after(claim) == people.get(new)
    else:
        with pytest.raises((ClaimPermissionError, ValidationError)):
            claim_assign(claim=claim, reviewer=people.get(new), by=people[actor])
        assert _reviewer_after(claim) == people.get(current)


@pytest.mark.parametrize(
    ("what", "actor", "current", "new", "allowed"), ASSIGN_CASES, ids=[c[0] for c in ASSIGN_CASES]
)
def test_assign_rule_in_the_api(people, what, actor, current, new, allowed):
    claim = _claim(people, current)
    client = APIClient()
    client.force_authenticate(people[actor])
    if new is None:
        response = client.post(f"/api/claims/{claim.pk}/release/")
    else:
        response = client.post(f"/api/claims/{claim.pk}/assign/", {"reviewer": people[new].pk}, format="json")
    if allowed:
        assert response.status_code == 200, response.content
        assert response.json()["reviewer"] == (people[new].pk if new else None)
    else:
        assert response.status_code in (400, 403), response.content
        assert _reviewer_after(claim) == people.get(current)


def _admin_assign(client, people, claim, actor, new):
    if new is None:
        data = {"action": "release"}
    elif new == actor:
        data = {"action": "assign_to_me"}
    else:
        data = {"action": "assign_to", "reviewer": people[new].pk, "apply": "1"}
    return client.post(CHANGELIST, {**data, ACTION_CHECKBOX_NAME: [claim.pk]}, follow=True)


@pytest.mark.parametrize(
    ("what", "actor", "current", "new", "allowed"), ASSIGN_CASES, ids=[c[0] for c in ASSIGN_CASES]
)
def test_assign_rule_in_the_admin(client, people, what, actor, current, new, allowed):
    claim = _claim(people, current)
    client.force_login(people[actor])
    response = _admin_assign(client, people, claim, actor, new)
    assert response.status_code in (200, 403)
    assert _reviewer_after(claim) == (people.get(new) if allowed else people.get(current))


def test_the_admin_says_why_an_assignment_was_refused(client, people):
    claim = _claim(people, "other")
    client.force_login(people["reviewer"])
    response = _admin_assign(client, people, claim, "reviewer", "reviewer")
    messages = [str(m) for m in response.context["messages"]]
    assert any("assigned to other-reviewer; only an editor can reassign it" in m for m in messages), messages


def test_only_members_of_reviewers_are_offered_in_the_assign_form(client, people):
    client.force_login(people["editor"])
    claim = _claim(people, None)
    page = client.post(CHANGELIST, {"action": "assign_to", ACTION_CHECKBOX_NAME: [claim.pk]})
    choices = {str(u) for u in page.context["form"].fields["reviewer"].queryset}
    assert choices == {"reviewer", "other-reviewer"}
    assert set(assignable_reviewers()) == {people["reviewer"], people["other"]}


# --- extending a deadline: editors only, in every door ------------------------------


@pytest.mark.parametrize(("actor", "allowed"), [("editor", True), ("reviewer", False), ("viewer", False)])
def test_extending_a_deadline_is_an_editors_act_in_every_door(client, people, actor, allowed):
    new_due = date(2031, 1, 31)
    service_claim, api_claim, admin_claim = (ClaimFactory(status=Claim.Status.DUE) for _ in range(3))

    if allowed:
        claim_extend_deadline(claim=service_claim, due_on=new_due, reason="Vote postponed.", by=people[actor])
    else:
        with pytest.raises(ClaimPermissionError, match="Only an editor can extend a deadline."):
            claim_extend_deadline(
                claim=service_claim, due_on=new_due, reason="Vote postponed.", by=people[actor]
            )

    api = APIClient()
    api.force_authenticate(people[actor])
    response = api.post(
        f"/api/claims/{api_claim.pk}/extend-deadline/",
        {"due_on": new_due, "reason": "Postponed."},
        format="json",
    )
    assert response.status_code == (200 if allowed else 403)

    client.force_login(people[actor])
    client.post(
        CHANGELIST,
        {
            "action": "extend_deadline",
            ACTION_CHECKBOX_NAME: [admin_claim.pk],
            "due_on": "2031-01-31",
            "reason": "Postponed.",
            "apply": "1",
        },
    )
    offered = (
        client.get(CHANGELIST).context["cl"].model_admin.get_actions(client.get(CHANGELIST).wsgi_request)
    )
    assert ("extend_deadline" in offered) is allowed

    for claim in (service_claim, api_claim, admin_claim):
        assert (Claim.objects.get(pk=claim.pk).due_on == new_due) is allowed
