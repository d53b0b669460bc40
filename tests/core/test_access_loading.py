"""A request's user arrives knowing their roles and sites (one query), and forgets them when they change."""

from __future__ import annotations

from django.test import RequestFactory

from fuwu.core.api.auth import user_from_token
from fuwu.core.api.tokens import hash_token, issue_token, revoke_tokens
from fuwu.core.backends import AccessBackend
from fuwu.core.models import User
from fuwu.core.roles import Role
from fuwu.core.scoping import site_choices, sites_visible_to
from fuwu.core.services import sites, users
from fuwu.core.signed_in import token_user
from fuwu.orders.selectors import order_scope
from tests.core.base import RoleUsersTestCase


class AccessLoadingTests(RoleUsersTestCase):
    def test_the_session_user_knows_roles_and_sites_without_asking_again(self) -> None:
        dispatcher = self.by_role[Role.DISPATCHER]
        sites.add_member(self.site_b, dispatcher, by=self.admin)
        with self.assertNumQueries(1):
            user = AccessBackend().get_user(dispatcher.pk)
        assert user is not None
        with self.assertNumQueries(0):
            self.assertEqual(user.roles(), frozenset({Role.DISPATCHER}))
            self.assertEqual(
                site_choices(user),
                [(self.site_a.pk, "a", "锦绣花园小区"), (self.site_b.pk, "b", "滨江装饰门店")],
            )
            scope = order_scope(user)
        self.assertEqual(set(sites_visible_to(user)), {self.site_a, self.site_b})
        self.assertEqual((scope.kind, scope.site_ids), ("sites", (self.site_a.pk, self.site_b.pk)))

    def test_a_user_without_roles_or_sites_is_loaded_too(self) -> None:
        nobody = users.create_user(username="nobody", password=None, display_name="无名", by=None)
        user = AccessBackend().get_user(nobody.pk)
        assert user is not None
        self.assertEqual(user.roles(), frozenset())
        self.assertEqual(site_choices(user), [])
        self.assertEqual(list(sites_visible_to(user)), [])

    def test_an_inactive_user_is_not_loaded(self) -> None:
        users.deactivate_user(self.by_role[Role.GUARD], by=self.admin)
        self.assertIsNone(AccessBackend().get_user(self.by_role[Role.GUARD].pk))

    def test_the_general_manager_sees_every_site_without_a_membership(self) -> None:
        user = AccessBackend().get_user(self.by_role[Role.GENERAL_MANAGER].pk)
        assert user is not None
        self.assertEqual([code for _pk, code, _name in site_choices(user)], ["a", "b"])

    def test_changing_roles_or_sites_through_the_services_is_seen_at_once(self) -> None:
        user = AccessBackend().get_user(self.by_role[Role.SUPERVISOR].pk)
        assert user is not None
        self.assertEqual(user.loaded_site_ids(), [self.site_a.pk])
        sites.add_member(self.site_b, user, by=self.admin)
        self.assertIsNone(user.loaded_site_ids())
        self.assertEqual(set(sites_visible_to(user)), {self.site_a, self.site_b})
        users.set_roles(user, [Role.DISPATCHER], by=self.admin)
        self.assertEqual(user.roles(), frozenset({Role.DISPATCHER}))
        sites.remove_member(self.site_a, user, by=self.admin)
        self.assertEqual(set(sites_visible_to(user)), {self.site_b})

    def test_a_token_finds_its_user_once_with_the_live_token_of_several(self) -> None:
        dispatcher = self.by_role[Role.DISPATCHER]
        issue_token(dispatcher, name="old", by=dispatcher)
        revoke_tokens(dispatcher, by=dispatcher)
        live = issue_token(dispatcher, name="live", by=dispatcher)
        factory = RequestFactory()
        request = factory.get("/api/v1/sites", HTTP_AUTHORIZATION=f"Bearer {live.raw}")
        with self.assertNumQueries(2):  # the user with roles and sites; the first use is recorded
            user = user_from_token(request)
        assert isinstance(user, User)
        self.assertEqual(user.pk, dispatcher.pk)
        with self.assertNumQueries(0):
            self.assertTrue(user.has_role(Role.DISPATCHER))
            self.assertEqual(user.loaded_site_ids(), [self.site_a.pk])
        found = token_user(hash_token(live.raw))
        assert found is not None
        self.assertEqual(found[1], live.token.pk)  # the live token, not the revoked one
        self.assertIsNotNone(found[2])  # its first use was just recorded
        self.assertIsNone(token_user(hash_token("fuwu_nothing")))
