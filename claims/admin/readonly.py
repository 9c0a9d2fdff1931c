"""Admin pages that only show: the rows are written by services, never by a form."""


class ReadOnlyAdmin:
    """No add, change or delete in the admin (views and actions stay as each admin defines them)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
