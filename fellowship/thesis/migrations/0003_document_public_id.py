"""Public thesis files get an unguessable id: add it, give every existing document its
own, then make it unique (Django's three steps for a unique field on existing rows)."""

import uuid

from django.db import migrations, models


def give_each_document_an_id(apps, schema_editor):
    ThesisDocument = apps.get_model("thesis", "ThesisDocument")
    for document in ThesisDocument.objects.only("pk").iterator():
        ThesisDocument.objects.filter(pk=document.pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [("thesis", "0002_defense_reschedules")]

    operations = [
        migrations.AddField(
            model_name="thesisdocument",
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        ),
        migrations.RunPython(give_each_document_an_id, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="thesisdocument",
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        ),
    ]
