from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kyodo.workflow import NotAllowed
from partners.models import CoordinatorPosting, Membership, StaffPosting

from .models import CityRole, User
from .roles import ADMIN, CITIZEN, COMMITTEE, COORDINATOR, ROLE_LABELS, STAFF
from .services import user_deactivate

admin.site.site_header = _("Kyodo admin site")
admin.site.site_title = _("Kyodo admin site")
admin.site.index_title = _("Administration")
# The admin's own login form would skip allauth's second factor and login throttling:
# send admin logins through allauth's login page instead.
admin.site.login = secure_admin_login(admin.site.login)


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "display_name")


class UserChangingForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ("organisation",)
    verbose_name = _("membership")
    verbose_name_plural = _("memberships (citizen group)")


class StaffPostingInline(admin.TabularInline):
    model = StaffPosting
    fk_name = "user"
    extra = 0
    verbose_name_plural = _("postings (city staff)")


class CoordinatorPostingInline(admin.TabularInline):
    model = CoordinatorPosting
    fk_name = "user"
    extra = 0
    verbose_name_plural = _("postings (coordinator)")


class CityRoleInline(admin.TabularInline):
    model = CityRole
    extra = 0
    verbose_name_plural = _("roles in this city (committee, administration)")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = UserChangingForm
    add_form = UserCreationForm
    ordering = ("email",)
    list_display = ("email", "display_name", "role_list", "is_staff", "is_active", "date_joined")
    list_filter = ("is_staff", "is_superuser", "is_active")
    search_fields = ("email", "display_name", "display_name_kana")
    readonly_fields = ("last_login", "date_joined", "role_list")
    inlines = (MembershipInline, StaffPostingInline, CoordinatorPostingInline, CityRoleInline)
    actions = ("deactivate",)
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal information"), {"fields": ("display_name", "display_name_kana")}),
        (_("Roles"), {"fields": ("role_list",)}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "display_name", "usable_password", "password1", "password2")}),
    )

    def has_delete_permission(self, request, obj=None) -> bool:
        # Nobody deletes a person, superusers included: scores, conflict declarations,
        # signatures, agreement marks, review responses and every event name who made them,
        # and those rows protect the account (on_delete=PROTECT), so a delete could only fail
        # or, worse, erase the record. People leave by the "deactivate" action instead.
        return False

    @admin.action(description=_("Deactivate the selected people (their records stay)"), permissions=["change"])
    def deactivate(self, request, queryset) -> None:
        done = 0
        for user in queryset:
            try:
                user_deactivate(user=user, by=request.user)
            except NotAllowed as exc:
                self.message_user(request, f"{user}: {exc}", messages.ERROR)
                continue
            self.log_change(request, user, [{"changed": {"fields": ["is_active"]}}])
            done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d person was deactivated.", "%(count)d people were deactivated.", done)
                % {"count": done},
                messages.SUCCESS,
            )

    def get_inlines(self, request, obj):
        # Postings and memberships are added once the user exists.
        return self.inlines if obj is not None else ()

    @admin.display(description=_("roles in the portal"))
    def role_list(self, obj: User) -> str:
        if obj.pk is None:
            return "—"
        # From the prefetch of get_queryset: no queries per row.
        names = []
        if any(m.is_active for m in obj.memberships.all()):
            names.append(ROLE_LABELS[CITIZEN])
        if obj.staff_postings.all():
            names.append(ROLE_LABELS[STAFF])
        if obj.coordinator_postings.all():
            names.append(ROLE_LABELS[COORDINATOR])
        city_roles = {r.role for r in obj.city_roles.all()}
        if CityRole.Role.COMMITTEE in city_roles:
            names.append(ROLE_LABELS[COMMITTEE])
        if obj.is_superuser or CityRole.Role.ADMIN in city_roles:
            names.append(ROLE_LABELS[ADMIN])
        return "、".join(str(name) for name in names) or "—"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(
            "memberships", "staff_postings", "coordinator_postings", "city_roles"
        )
