"""The Django admin as the editors' and reviewers' workbench.

Status never changes through a form: the actions and the "Record outcome" and
"Reopen" pages call the lifecycle services, which check the move and write
the change reason into the history. Who may do what follows the permissions
in claims/roles.py (edit_claim_text for editors, record_outcome for reviewers).

content.py: publications, authors, tags, articles; claim.py: claims and the
due-for-review queue; outcome.py: outcomes (read-only); forms.py: the forms; proposals.py: proposing and
reviewing draft claims from an article's page; intake.py: "Add from URL", intake records,
feeds and quote changes; dashboard.py: the index's tiles;
revisions.py: a claim's revisions (its page, "Add revision") and the suggested revisions.
"""

from django.contrib import admin

from claims.admin import claim, content, intake, outcome, revisions  # noqa: F401  (registers the admins)

admin.site.site_header = admin.site.site_title = "Claim tracker"
admin.site.index_title = "Workbench"
# The list pages need the width on a 1366 px laptop; the index and breadcrumbs do the navigating.
admin.site.enable_nav_sidebar = False
