from django.db import migrations

from incidents.choices import WEAPONS


def add_weapons(apps, schema_editor):
    weapon = apps.get_model("incidents", "Weapon")
    for slug, label in WEAPONS:
        weapon.objects.update_or_create(slug=slug, defaults={"label": label})


class Migration(migrations.Migration):
    dependencies = [("incidents", "0002_vocabularies")]

    operations = [migrations.RunPython(add_weapons, migrations.RunPython.noop)]
