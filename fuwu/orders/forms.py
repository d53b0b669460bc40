"""Forms of the orders pages. They only turn text into values; the services decide what is allowed
(their Invalid and Conflict are shown next to the fields and above the form)."""

from __future__ import annotations

from typing import Any

from django import forms

from fuwu.core.models import Site, User
from fuwu.core.scoping import sites_visible_to
from fuwu.orders import labels
from fuwu.orders.selectors import technicians_of

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _choices(words: dict[str, str], keys: Any = None) -> list[tuple[str, str]]:
    return [(key, words[key]) for key in (keys or words)]


class IntakeForm(forms.Form):
    site = forms.ModelChoiceField(label="站点", queryset=Site.objects.none())
    caller_phone = forms.CharField(
        label="来电号码",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off", "inputmode": "tel"}),
    )
    household = forms.IntegerField(required=False, widget=forms.HiddenInput)
    location = forms.CharField(label="报修地点(未选房屋时填写)", max_length=200, required=False)
    contact_name = forms.CharField(label="联系人", max_length=50, required=False)
    tags = forms.MultipleChoiceField(
        label="标签", choices=_choices(labels.TAGS), required=False, widget=forms.CheckboxSelectMultiple
    )
    description = forms.CharField(label="报修内容", widget=forms.Textarea(attrs={"rows": 3}))
    appointment = forms.DateTimeField(label="预约上门时间", required=False, widget=DATETIME)
    channel = forms.ChoiceField(label="渠道", choices=_choices(labels.CHANNELS, labels.DESK_CHANNELS))
    outside_service_list = forms.BooleanField(label="服务项目以外(须主管审批,p10.3.5)", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        site_field = self.fields["site"]
        assert isinstance(site_field, forms.ModelChoiceField)
        site_field.queryset = sites_visible_to(user)
        if site_field.queryset.count() == 1:
            site_field.initial = site_field.queryset.first()


class DispatchForm(forms.Form):
    technician = forms.ModelChoiceField(label="维修工", queryset=User.objects.none())

    def __init__(self, *args: Any, site_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["technician"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = technicians_of(site_id)


class QuoteForm(forms.Form):
    amount = forms.DecimalField(label="金额(元)", min_value=0, max_digits=10, decimal_places=2)
    items = forms.CharField(label="报价项目", widget=forms.Textarea(attrs={"rows": 2}))
    accepted = forms.TypedChoiceField(
        label="业主是否同意",
        choices=[("yes", "业主同意"), ("no", "业主不同意")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )


class VisitForm(forms.Form):
    channel = forms.ChoiceField(
        label="回访方式", choices=_choices(labels.VISIT_CHANNELS), widget=forms.RadioSelect
    )
    score = forms.TypedChoiceField(
        label="满意度",
        choices=[(str(k), f"{k} {v}") for k, v in labels.SCORES.items()],
        coerce=int,
        widget=forms.RadioSelect,
    )
    repair_ok = forms.CharField(label=labels.VISIT_ANSWERS["repair_ok"], required=False, max_length=300)
    staff_attitude = forms.CharField(
        label=labels.VISIT_ANSWERS["staff_attitude"], required=False, max_length=300
    )
    charges_ok = forms.CharField(label=labels.VISIT_ANSWERS["charges_ok"], required=False, max_length=300)
    suggestions = forms.CharField(
        label=labels.VISIT_ANSWERS["suggestions"], required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    reason = forms.CharField(
        label="不满意的原因(评分 1–2 时必填)", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SampleForm(forms.Form):
    site = forms.ModelChoiceField(label="站点", queryset=Site.objects.none())
    start = forms.DateField(label="开始日期", widget=DATE)
    end = forms.DateField(label="结束日期", widget=DATE)
    seed = forms.IntegerField(label="随机种子(留空自动生成)", required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sites_visible_to(user)


class BatchForm(forms.Form):
    site = forms.ModelChoiceField(label="站点", queryset=Site.objects.none())
    customer_name = forms.CharField(label="客户", max_length=100)
    units = forms.IntegerField(label="台数", min_value=1)
    contact_phone = forms.CharField(label="联系电话", max_length=20, required=False)
    description = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["site"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = sites_visible_to(user)


class ReportForm(forms.Form):
    """The owner's report on the public page: where, who, what; photos are checked by the service."""

    location = forms.CharField(label="报修地点(楼栋、单元、房号)", max_length=200)
    contact_name = forms.CharField(label="您的称呼", max_length=50, required=False)
    contact_phone = forms.CharField(
        label="联系电话", max_length=20, widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"})
    )
    description = forms.CharField(label="问题描述", widget=forms.Textarea(attrs={"rows": 4}))
    tags = forms.MultipleChoiceField(
        label="情况(可多选)",
        choices=_choices(labels.TAGS, labels.OWNER_TAGS),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label="您对这次维修满意吗?",
        choices=[(str(k), f"{k} {v}") for k, v in labels.SCORES.items()],
        coerce=int,
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="不满意的原因(选 1 或 2 时请填写)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
