"""The Chinese words staff see for an order's statuses, tags, channels, timeline steps and deadlines.

Domain words come from the regulations, which are Chinese; they are data here, not translatable UI text
(the plan allows writing them directly).
"""

from __future__ import annotations

STATUS = {
    "created": "待派工",
    "dispatched": "已派工",
    "accepted": "已接单",
    "arrived": "维修中",
    "completed": "已完工",
    "closed": "已关闭",
    "cancelled": "已取消",
}

TAGS = {
    "general": "一般维修",
    "difficult": "特别困难",
    "special_craft": "特殊工艺",
    "small": "小问题",
    "large": "大问题",
    "emergency": "紧急",
    "burst_pipe": "爆管",
    "leak": "漏水",
    "power_outage": "停电",
    "safety_facility": "安全设施",
}

# What an owner can say about the fault on the public page: the tags that need no expert judgement.
OWNER_TAGS = ("emergency", "burst_pipe", "leak", "power_outage", "safety_facility")

CHANNELS = {
    "phone": "电话",
    "walk_in": "上门",
    "qr": "扫码报修",
    "api": "接口",
    "wecom": "企业微信",
}

DESK_CHANNELS = ("phone", "walk_in", "wecom")

EVENTS = {
    "created": "受理报修",
    "dispatched": "派工",
    "accepted": "接单",
    "arrived": "到场签到",
    "quoted": "报价",
    "approved": "主管批准",
    "rejected": "主管驳回",
    "completed": "完工",
    "closed": "关闭",
    "cancelled": "取消",
    "reworked": "返修",
}

DEADLINES = {
    "arrival": "到场",
    "response": "响应",
    "completion": "完工",
    "return_visit": "回访",
    "rectification": "整改",
    "repair_revisit": "返修回访",
    "reply": "答复",
    "call": "回电",
}

OBLIGATION_STATES = {"open": "进行中", "met": "已按时完成", "breached": "已超时", "void": "已作废"}

# p09.1 and p10.3.1: what the technician confirms on arrival.
CHECKLIST = {
    "uniform": "穿工装",
    "badge": "佩戴胸卡",
    "shoe_covers": "穿鞋套",
    "knocked": "先敲门",
    "consent": "征得业主同意后进门",
    "toolbox": "带齐工具箱",
    "floor_mat": "铺地垫",
}

APPROVAL = {"": "无需审批", "pending": "待主管审批", "approved": "主管已批准", "rejected": "主管已驳回"}

VISIT_CHANNELS = {"visit": "上门", "phone": "电话", "intercom": "对讲"}

SCORES = {5: "很满意", 4: "满意", 3: "一般", 2: "不满意", 1: "很不满意"}

VISIT_ANSWERS = {
    "repair_ok": "维修质量是否达到要求",
    "staff_attitude": "服务人员态度和行为",
    "charges_ok": "收费是否合理",
    "suggestions": "意见和建议",
}


def deadline_word(what: str) -> str:
    return DEADLINES.get(what, what)
