"""GET /sites and GET /staff: each user sees their own sites and the people there; the GM sees all."""

from __future__ import annotations

from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.services import users
from tests.api.base import ApiTestCase, body


class SitesTests(ApiTestCase):
    def codes(self, user: User) -> list[str]:
        response = self.call("GET", "/api/v1/sites", user)
        assert response.status_code == 200, response.content
        return [site["code"] for site in body(response)["results"]]

    def test_a_site_a_user_sees_only_site_a(self) -> None:
        for role in Role:
            if role is not Role.GENERAL_MANAGER:
                assert self.codes(self.by_role[role]) == ["a"], role
        assert self.codes(self.outsider) == ["b"]

    def test_the_general_manager_and_administrators_see_every_site_newest_first(self) -> None:
        assert self.codes(self.by_role[Role.GENERAL_MANAGER]) == ["b", "a"]
        assert self.codes(self.admin) == ["b", "a"]

    def test_a_site_has_the_contracts_fields_with_chinese_unescaped(self) -> None:
        response = self.call("GET", "/api/v1/sites", self.by_role[Role.SUPERVISOR])
        assert body(response) == {
            "results": [{"id": self.site_a.pk, "code": "a", "name": "锦绣花园小区", "kind": "community"}],
            "next": None,
        }
        assert "锦绣花园小区".encode() in response.content
        assert response["Content-Type"].startswith("application/json")


class StaffTests(ApiTestCase):
    def staff(self, user: User, query: str = "") -> list[dict[str, object]]:
        response = self.call("GET", f"/api/v1/staff{query}", user)
        assert response.status_code == 200, response.content
        results: list[dict[str, object]] = body(response)["results"]
        return results

    def usernames(self, user: User, query: str = "") -> set[str]:
        return {str(person["username"]) for person in self.staff(user, query)}

    def test_a_site_a_user_sees_the_people_of_site_a_only(self) -> None:
        seen = self.usernames(self.by_role[Role.SUPERVISOR])
        expected = {role.value for role in Role if role is not Role.GENERAL_MANAGER}
        assert seen == expected
        assert self.usernames(self.outsider) == {"outsider"}

    def test_the_general_manager_sees_everyone(self) -> None:
        seen = self.usernames(self.by_role[Role.GENERAL_MANAGER])
        assert {"outsider", "general_manager", "supervisor", "root"} <= seen

    def test_a_person_has_the_contracts_fields(self) -> None:
        tech = self.by_role[Role.TECHNICIAN]
        tech.employee_no = "0042"
        tech.save(update_fields=["employee_no"])
        (person,) = [p for p in self.staff(self.by_role[Role.DISPATCHER]) if p["username"] == "technician"]
        assert person == {
            "id": tech.pk,
            "username": "technician",
            "name": tech.display_name,
            "employee_no": "0042",
            "roles": ["technician"],
            "sites": ["a"],
        }

    def test_role_and_site_filters(self) -> None:
        gm = self.by_role[Role.GENERAL_MANAGER]
        assert self.usernames(gm, "?role=technician") == {"technician", "outsider"}
        assert self.usernames(gm, "?role=technician&site=b") == {"outsider"}
        assert self.usernames(gm, f"?site={self.site_a.pk}&role=technician") == {"technician"}
        assert self.usernames(self.by_role[Role.SUPERVISOR], "?role=technician") == {"technician"}

    def test_a_site_outside_the_users_scope_is_refused_like_a_missing_one(self) -> None:
        supervisor = self.by_role[Role.SUPERVISOR]
        outside = self.call("GET", "/api/v1/staff?site=b", supervisor)
        missing = self.call("GET", "/api/v1/staff?site=zz", supervisor)
        assert outside.status_code == missing.status_code == 422
        assert body(outside)["detail"][0]["loc"] == ["query", "site"]

    def test_an_unknown_role_is_422_naming_the_parameter(self) -> None:
        response = self.call("GET", "/api/v1/staff?role=boss", self.by_role[Role.SUPERVISOR])
        assert response.status_code == 422
        assert [problem["loc"] for problem in body(response)["detail"]] == [["query", "role"]]

    def test_inactive_people_are_not_listed(self) -> None:
        users.deactivate_user(self.by_role[Role.GUARD], by=self.admin)
        assert "guard" not in self.usernames(self.by_role[Role.SUPERVISOR])
