"""Plumbing shared by the program-scoped views of every app."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404

from fellowship.programs.models import Fellow, Program


class ProgramViewMixin(LoginRequiredMixin):
    """Resolves the program from the URL and checks `permission_required` before anything.

    The permission is checked against `get_permission_object()`: the program by default;
    views about one fellow return the fellow. Anonymous users go to the login page, users
    without the permission get 403.
    """

    permission_required: str = "programs.view_program"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.program = request.program = get_object_or_404(Program, slug=kwargs["program"])
        if not request.user.has_perm(self.permission_required, self.get_permission_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.program

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["program"] = self.program
        return context


def add_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages in error.error_dict.items():
            target = field if field in form.fields else None
            for message in messages:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


class FellowMixin:
    """Views about one fellow of the program: the permission is checked against that fellow.

    `fellow_kwarg` names the URL's fellow id; `fellow_related` what the page reads with it.
    """

    fellow_kwarg = "pk"
    fellow_related: tuple[str, ...] = ("program",)

    def get_permission_object(self):
        fellows = Fellow.objects
        if self.fellow_related:  # select_related() with no names would follow every FK
            fellows = fellows.select_related(*self.fellow_related)
        self.fellow = get_object_or_404(
            fellows, program=self.program, pk=self.kwargs[self.fellow_kwarg]
        )
        return self.fellow
