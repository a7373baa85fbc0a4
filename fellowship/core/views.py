"""Plumbing shared by the program-scoped views of every app: the program and fellow from the
URL with the permission checked first, POST buttons (`ActionView`) and forms whose
`form_valid` calls a service (`ServiceFormMixin`)."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.views import View

from . import concurrency


def _model(name: str):
    # By app label, as Django's get_user_model() does: core is the bottom layer and imports
    # no app's module; Program and Fellow are resolved when the first request needs them.
    return apps.get_model("programs", name)


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
        self.program = request.program = get_object_or_404(
            _model("Program"), slug=kwargs["program"]
        )
        if not request.user.has_perm(self.permission_required, self.get_permission_object()):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return self.program

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["program"] = self.program
        return context


class FellowMixin:
    """Views about one fellow of the program: the permission is checked against that fellow.

    `fellow_kwarg` names the URL's fellow id; `fellow_related` what the page reads with it.
    """

    fellow_kwarg = "pk"
    fellow_related: tuple[str, ...] = ("program",)

    def get_permission_object(self):
        fellows = _model("Fellow").objects
        if self.fellow_related:  # select_related() with no names would follow every FK
            fellows = fellows.select_related(*self.fellow_related)
        self.fellow = get_object_or_404(
            fellows, program=self.program, pk=self.kwargs[self.fellow_kwarg]
        )
        return self.fellow


# A service said no ---------------------------------------------------------------------------


def add_validation_error(form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on its field when the form has one."""
    if hasattr(error, "error_dict"):
        for field, messages_ in error.error_dict.items():
            target = field if field in form.fields else None
            for message in messages_:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def error_messages(request, error: ValidationError) -> None:
    """Each message of a service's ValidationError as an error message on the next page."""
    for message in error.messages:
        messages.error(request, message)


class ServiceFormMixin:
    """A form view whose `form_valid` calls a service: write `form_save(form)`, which calls
    the service and returns the response (usually a message and a redirect). A
    ValidationError from it goes on the form (`add_validation_error`) and the form is shown
    again with it; nothing else is caught.

    No lost updates (`core.concurrency`): when the form edits an existing `Versioned`
    record (`edited_record`), the form carries the version it was opened at, and the save
    claims the record at that version in the transaction that saves it. If someone saved
    it in between, nothing is saved: the form comes back with what this user typed, who
    changed the record and when, the saved values where they differ, and the new version,
    so saving again after reconciling goes through."""

    def edited_record(self, form):
        """The existing record this form edits: the model form's instance by default; a
        view whose form is not a model form names its record."""
        instance = getattr(form, "instance", None)
        if instance is not None and instance.pk is not None:
            return instance
        return None

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        record = self.edited_record(form)
        self.versioned = record if isinstance(record, concurrency.Versioned) else None
        if self.versioned is not None:
            concurrency.add_token(form, self.versioned)
        return form

    def form_valid(self, form):
        try:
            with transaction.atomic():
                if self.versioned is not None:
                    concurrency.claim_for_form(form, self.versioned)
                return self.form_save(form)
        except concurrency.StaleEdit as stale:
            concurrency.refuse(form, stale, self.form_as_saved())
        except ValidationError as error:
            add_validation_error(form, error)
        return self.form_invalid(form)

    def form_as_saved(self):
        """The form as it opens now: from the saved record, not the one this POST changed."""
        kwargs = self.get_form_kwargs()
        kwargs.pop("data", None)
        kwargs.pop("files", None)
        instance = kwargs.get("instance")
        if instance is not None and instance.pk is not None:
            kwargs["instance"] = type(instance)._default_manager.get(pk=instance.pk)
        return self.get_form_class()(**kwargs)

    def form_save(self, form):  # pragma: no cover - every view says what it saves
        raise NotImplementedError


class ActionView(View):
    """A button: POST only, back to a page with a message.

    `act(request)` does the work through a service (which checks the permission of the
    action) and returns a response, a success message, or None; a ValidationError's messages
    are shown as error messages. Without a response the browser goes to `back_url()`.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            response = self.act(request)
        except ValidationError as error:
            error_messages(request, error)
            response = None
        if isinstance(response, str):
            if response:
                messages.success(request, response)
            response = None
        return response or redirect(self.back_url())

    def act(self, request):  # pragma: no cover - every subclass says what it does
        raise NotImplementedError

    def back_url(self) -> str:  # pragma: no cover - every subclass says where it goes back
        raise NotImplementedError
