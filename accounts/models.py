from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kyodo.tenancy import CityOwned, unique_in_city


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra["is_staff"] = True
        extra["is_superuser"] = True
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address.

    One login for the whole platform. Roles are not columns here, and they are per city: a
    citizen is a member of an organisation, city staff are posted to a department, a coordinator
    to a support centre (all in `partners`); a committee seat or a city's administration is a
    `CityRole`. Superusers administer the platform. See `accounts.roles`.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("full name"), max_length=100, blank=True)
    display_name_kana = models.CharField(_("full name (kana)"), max_length=100, blank=True)
    is_staff = models.BooleanField(
        _("admin site access"), default=False,
        help_text=_("Can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name or self.email

    def get_short_name(self) -> str:
        return self.display_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class CityRole(CityOwned):
    """A role a person holds in one city: a seat on its screening committee, or its administration."""

    class Role(models.TextChoices):
        COMMITTEE = "committee", _("Screening committee member")
        ADMIN = "admin", _("City administrator")

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="city_roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("role in the city")
        verbose_name_plural = _("roles in the city")
        constraints = [unique_in_city("user", "role", name="city_role_unique")]

    STR_RELATED = ("user",)

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
