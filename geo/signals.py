"""Every save or delete of a gazetteer row, the admin's included, bumps the
gazetteer generation (connected in GeoConfig.ready)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from geo.generation import gazetteer_changed
from geo.models import City, District, Place, Street

GAZETTEER_MODELS = (City, District, Street, Place)


def _row_changed(sender, **kwargs) -> None:
    gazetteer_changed()


def _street_districts_changed(sender, action: str, **kwargs) -> None:
    if action.startswith("post_"):
        gazetteer_changed()


def connect() -> None:
    for model in GAZETTEER_MODELS:
        name = model.__name__.lower()
        post_save.connect(
            _row_changed, sender=model, dispatch_uid=f"gazetteer-{name}-saved"
        )
        post_delete.connect(
            _row_changed, sender=model, dispatch_uid=f"gazetteer-{name}-deleted"
        )
    m2m_changed.connect(
        _street_districts_changed,
        sender=Street.districts.through,
        dispatch_uid="gazetteer-street-districts-changed",
    )
