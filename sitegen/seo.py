"""What search engines and social sites read in a page: Open Graph locales and the service's JSON-LD."""
from __future__ import annotations

import json
from dataclasses import dataclass

from babel import Locale
from babel.core import get_global


@dataclass(frozen=True)
class ContactPoint:
    role: str
    phone: str = ""
    email: str = ""


def og_locale(locale: str) -> str:
    """Open Graph wants language_TERRITORY: "fr" -> "fr_FR", "ro" -> "ro_RO" (CLDR's likely territory)."""
    parsed = Locale.parse(locale)
    if not parsed.territory:
        parsed = Locale.parse(get_global("likely_subtags").get(parsed.language, parsed.language))
    return f"{parsed.language}_{parsed.territory}" if parsed.territory else parsed.language


def organization_json_ld(name: str, description: str, url: str, parent: str,
                         contact_points: tuple[ContactPoint, ...] = ()) -> str:
    """schema.org GovernmentOrganization holding only what the content says: nothing is invented, so a
    telephone or an e-mail appears only when contacts.yaml gives one."""
    data = {"@context": "https://schema.org", "@type": "GovernmentOrganization", "name": name,
            "description": description, "url": url,
            "parentOrganization": {"@type": "GovernmentOrganization", "name": parent}}
    if contact_points:
        data["contactPoint"] = [_contact_point(point) for point in contact_points]
    text = json.dumps(data, ensure_ascii=False, indent=1)
    # Inside <script>, "</" would end the element: escape what HTML could read as markup.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _contact_point(point: ContactPoint) -> dict:
    found = {"@type": "ContactPoint", "contactType": point.role}
    if point.phone:
        found["telephone"] = point.phone
    if point.email:
        found["email"] = point.email
    return found
