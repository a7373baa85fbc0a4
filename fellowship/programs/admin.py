from django.contrib import admin
from django.db.models import URLField

from . import models

# A web address typed without a scheme means https (Django 6's default, chosen now).
HTTPS_URLS = {URLField: {"assume_scheme": "https"}}


@admin.register(models.Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "grant_number"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(models.Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "program"]
    list_filter = ["program"]
    search_fields = ["name"]


@admin.register(models.Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "program"]
    formfield_overrides = HTTPS_URLS
    list_filter = ["program", "kind"]
    search_fields = ["name", "short_name"]


@admin.register(models.Laboratory)
class LaboratoryAdmin(admin.ModelAdmin):
    list_display = ["name", "institution", "head", "capacity"]
    formfield_overrides = HTTPS_URLS
    list_filter = ["institution__program", "institution"]
    search_fields = ["name"]
    filter_horizontal = ["topics"]
    raw_id_fields = ["head"]


@admin.register(models.FacultyMember)
class FacultyMemberAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "rank", "institution", "program"]
    list_filter = ["program", "rank", "institution"]
    search_fields = ["last_name", "first_name", "email"]
    filter_horizontal = ["laboratories", "topics"]
    # Linking an account is an accepted invitation (programs/linking.py), never an edit.
    readonly_fields = ["user"]


class DegreeInline(admin.TabularInline):
    model = models.DoctoralDegree
    extra = 0


class MentorshipInline(admin.TabularInline):
    model = models.Mentorship
    extra = 0
    raw_id_fields = ["faculty"]


class LeaveInline(admin.TabularInline):
    model = models.Leave
    extra = 0


class PositionInline(admin.TabularInline):
    model = models.Position
    extra = 0


@admin.register(models.Fellow)
class FellowAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "cohort_year", "status", "laboratory", "program"]
    list_filter = ["program", "cohort_year", "status"]
    search_fields = ["last_name", "first_name", "email"]
    filter_horizontal = ["topics"]
    raw_id_fields = ["laboratory"]
    # Linking an account is an accepted invitation (programs/linking.py), never an edit.
    readonly_fields = ["user"]
    inlines = [DegreeInline, MentorshipInline, LeaveInline, PositionInline]


@admin.register(models.Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    list_display = ["fellow", "faculty", "kind", "start", "end"]
    list_filter = ["kind", "fellow__program"]
    raw_id_fields = ["fellow", "faculty"]


@admin.register(models.Leave)
class LeaveAdmin(admin.ModelAdmin):
    list_display = ["fellow", "kind", "start", "end"]
    list_filter = ["kind", "fellow__program"]
    raw_id_fields = ["fellow"]


@admin.register(models.Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["fellow", "title", "institution", "sector", "activity", "start", "end"]
    list_filter = ["sector", "activity"]
    raw_id_fields = ["fellow"]


@admin.register(models.Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Read only: invitations are sent from a person's page and accepted by the person."""

    list_display = ["user", "fellow", "faculty", "state", "created_at"]
    list_filter = ["program", "state"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
