"""Photos of a fault or of finished work: only JPEG, PNG or WebP (told by their first bytes, not by the
name a phone gives them), at most 5 MB each, stored under a random name and audited.

Photos are never public media: they are served by a view that checks the order's scope.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext, pgettext

from fuwu.core.errors import Invalid
from fuwu.core.models import User
from fuwu.core.services import audit
from fuwu.orders.models import Order, OrderPhoto
from fuwu.orders.selectors import orders_visible_to

MAX_BYTES = 5 * 1024 * 1024
CONTENT_TYPES = {"jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def kind_of(head: bytes) -> str | None:
    """The image type the leading bytes announce ("jpg", "png", "webp"), or None for anything else."""
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    return None


def check_photo(upload: UploadedFile, *, field: str = "photos") -> str:
    """Refuse a file that is too large or not a JPEG/PNG/WebP image; return its type ("jpg" …)."""
    name = upload.name or pgettext("a file without a name", "photo")
    if (upload.size or 0) > MAX_BYTES:
        too_large = gettext("The photo “%(name)s” is larger than 5 MB: make it smaller and upload it again.")
        raise Invalid.field(("body", field), too_large % {"name": name})
    upload.seek(0)
    kind = kind_of(upload.read(12))
    upload.seek(0)
    if kind is None:
        not_an_image = gettext("The file “%(name)s” is not a JPEG, PNG or WebP image.")
        raise Invalid.field(("body", field), not_an_image % {"name": name})
    return kind


def add_photo(order: Order, upload: UploadedFile, *, stage: str, by: User | None) -> OrderPhoto:
    """Store one photo of the order; ``by`` None is the owner on the public report page."""
    if stage not in OrderPhoto.Stage.values:
        raise Invalid.field(
            ("body", "stage"), gettext("The photo's stage must be report, arrival or completion.")
        )
    if by is not None and not orders_visible_to(by).filter(pk=order.pk).exists():
        raise PermissionDenied(gettext("You cannot upload a photo to an order you cannot see."))
    kind = check_photo(upload)
    upload.name = f"{uuid.uuid4().hex}.{kind}"
    with transaction.atomic():
        photo = OrderPhoto.objects.create(order=order, image=upload, stage=stage, uploaded_by=by)
        # The file field is not JSON; the entry names the stored file and its size instead.
        after = {
            "id": photo.pk,
            "order_id": order.pk,
            "image": photo.image.name,
            "stage": stage,
            "uploaded_by_id": by.pk if by else None,
            "bytes": upload.size,
            "type": CONTENT_TYPES[kind],
        }
        audit.record(actor=by, action="order.photo", obj=photo, before=None, after=after, site=order.site)
    return photo
