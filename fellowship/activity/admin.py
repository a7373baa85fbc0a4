from django.contrib import admin

from .models import ActivityEntry


@admin.register(ActivityEntry)
class ActivityEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "program", "actor", "verb", "summary"]
    list_filter = ["program", "verb"]
    search_fields = ["summary", "actor__email"]
    readonly_fields = [f.name for f in ActivityEntry._meta.fields]
