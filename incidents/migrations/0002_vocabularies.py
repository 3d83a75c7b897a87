from django.db import migrations

from incidents.choices import INFRASTRUCTURE_TAGS, WEAPONS


def add_vocabularies(apps, schema_editor):
    for model_name, rows in (
        ("Weapon", WEAPONS),
        ("InfrastructureTag", INFRASTRUCTURE_TAGS),
    ):
        model = apps.get_model("incidents", model_name)
        for slug, label in rows:
            model.objects.update_or_create(slug=slug, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0001_initial")]

    operations = [migrations.RunPython(add_vocabularies, migrations.RunPython.noop)]
