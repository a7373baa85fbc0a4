"""People who log in. A user's role is per program (see `roles.py`)."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone

from fellowship.core.text import no_control_characters


class UserManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        # Log in by email, whatever its case.
        return self.get(email__iexact=email)

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=200, blank=True, validators=[no_control_characters])
    is_staff = models.BooleanField(
        default=False, help_text="May log in to the Django admin site (site operators only)."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ProgramRole(models.Model):
    """A staff role in one program. Faculty and fellow roles come from their records
    (a FacultyMember or Fellow linked to the user), so they cannot disagree with them."""

    class Role(models.TextChoices):
        DIRECTOR = "director", "Program director"
        COORDINATOR = "coordinator", "Program coordinator"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="program_roles")
    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="staff_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "program", "role"], name="unique_program_role")
        ]
        ordering = ["program", "role", "user"]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.program}"
