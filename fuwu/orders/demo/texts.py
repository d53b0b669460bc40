"""The words of the demo company's orders: faults by tag, places, people, explanations and visit remarks.

Data only. Every list is indexed by the plan's seeded random draws, so changing a list changes the demo
company (deterministically) but never breaks it.
"""

from __future__ import annotations

# What owners report, by the order's leading tag.
FAULTS: dict[str, tuple[str, ...]] = {
    "general": (
        "卫生间水龙头关不紧，一直滴水",
        "厨房下水慢，疑似堵塞",
        "卧室门锁打不开，钥匙插不进",
        "客厅吸顶灯不亮，换灯泡也不行",
        "阳台晾衣架摇不动，钢丝绳卡住",
        "马桶水箱进水不停",
        "入户门闭门器漏油，关门很响",
        "空调遥控器失灵，室内机不启动",
        "淋浴花洒出水小，喷头堵塞",
        "窗户把手松动，关不严",
        "插座松动，插头插不稳",
        "燃气热水器打不着火",
    ),
    "small": (
        "厨房水槽下方软管接头渗水",
        "卫生间地漏返味",
        "开关面板松动脱落",
        "衣柜门合页掉了",
        "抽屉滑轨卡住拉不出来",
        "门吸脱落，需要重新固定",
        "洗手盆下水塞坏了",
    ),
    "large": (
        "客厅墙面大面积起皮开裂，需重新处理",
        "整套房屋电路老化，多处跳闸",
        "卫生间防水失效，需要重做",
        "木地板大面积起拱",
    ),
    "difficult": (
        "墙内水管暗漏，位置不明",
        "中央空调不制冷，需排查冷媒管路",
        "配电箱总开关频繁跳闸，原因不明",
        "楼板内地暖管漏水",
    ),
    "special_craft": (
        "大理石台面开裂，需专业修补",
        "实木护墙板变形，需定制修复",
        "老式铸铁暖气片渗漏，需焊接",
    ),
    "leak": (
        "楼上渗水，天花板有水渍",
        "厨房墙角渗水，墙皮发霉",
        "卫生间墙面渗水到隔壁卧室",
        "阳台顶部下雨漏水",
        "暖气阀门漏水",
    ),
    "burst_pipe": (
        "厨房进水管爆裂，水流不止，总阀关不住",
        "卫生间冷水管爆管，地面积水",
        "楼道消防水管爆裂，水漫楼梯",
    ),
    "power_outage": (
        "整户停电，电表箱跳闸合不上",
        "半个房间没电，空开合上又跳",
        "楼道和电梯厅全部停电",
    ),
    "emergency": (
        "业主被反锁在门外，老人独自在家",
        "电梯困人后门无法关闭",
        "燃气报警器持续报警",
    ),
    "safety_facility": (
        "楼道应急灯不亮",
        "单元门禁损坏，门关不上",
        "消防栓箱门脱落",
        "楼梯扶手松动",
        "地下车库安全出口指示灯不亮",
        "烟感报警器误报",
    ),
}
OUTSIDE_LIST_FAULTS = (
    "业主想在阳台加装一个吊柜（不在服务项目内）",
    "业主请求移装空调外机（需部门主管审批）",
    "代业主更换整套卫浴（服务项目以外）",
)

# Places of a community site that are not anybody's flat.
COMMUNITY_AREAS = (
    "地下车库B区",
    "小区南门岗亭",
    "儿童游乐区",
    "中心花园喷泉",
    "物业服务中心",
    "会所健身房",
)
# The store's customers who are not among the demo households live in these communities.
STORE_COMMUNITIES = ("江南名邸", "星河湾", "金沙苑", "翠湖天地", "东方明珠苑")

SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏"
GIVEN = ("女士", "先生", "阿姨", "师傅", "老师")
PHONE_PREFIXES = ("138", "139", "137", "150", "151", "159", "187", "188", "185", "199")

# p09.1 and p10.3.1: what a technician confirms on arrival (the keys of the arrival checklist).
CHECKLIST = ("uniform", "badge", "shoe_covers", "knocked", "consent", "toolbox", "floor_mat")

COMPLETION_NOTES = (
    "已修复，试用正常",
    "更换配件后恢复正常，旧件已交业主",
    "已处理完毕，现场已清理",
    "已疏通并试水，无渗漏",
    "已紧固并调试，业主确认",
)
# p09.2d: why a repair was finished on a later day than the arrival, as told to the owner.
LATER_DAY = (
    "所需配件需从供应商调货，已向业主说明，约定次日上门更换",
    "墙面需等防水层干透后才能封闭，已与业主约定次日完工",
    "业主当天另有安排，应业主要求改至次日继续施工",
    "需厂家专用工具，已向业主解释原因并预约次日上门",
)
STALLED = (
    "等待配件到货",
    "已向业主报价，等待业主确认",
    "需与楼上住户协调入户",
)
CANCEL_REASONS = (
    "业主来电称已自行修好",
    "业主临时外出，要求取消并另约时间",
    "重复报修，已合并到另一张工单",
)
REWORK = "返修：上次维修后同一问题再次出现"
QUOTE_ITEMS = ("更换角阀一个、人工费", "更换水龙头一套（业主自选款）", "更换空气开关、人工费", "管道疏通")

# Return visits (p15.r3, p10.3.8).
ATTITUDE_GOOD = ("师傅很准时，态度很好", "穿了鞋套，干完活还帮忙打扫了", "讲解得很清楚", "服务热情")
ATTITUDE_FAIR = ("还可以", "来得有点晚", "沟通一般")
SUGGESTIONS = ("希望能提前电话联系", "建议上门前发短信告知师傅姓名", "", "", "")
DISSATISFIED = (
    "修完第二天又开始漏水",
    "师傅态度不好，没有穿鞋套",
    "收费比电话里说的高，没有解释",
    "约好的时间没来，也没打电话",
    "维修后墙面留下明显色差",
)
RECTIFIED = (
    "已重新上门处理，业主确认问题解决",
    "已更换配件并向业主道歉",
    "已退还多收费用并向业主说明",
    "已补刷墙面，色差消除",
)

# Batch repairs (p12.8): machines a store customer sends back together.
BATCHES = (
    ("锦江酒店工程部", "客房热水器返厂维修", 8),
    ("滨江物业公司", "楼道感应灯控制器", 15),
    ("星河湾会所", "空调室内机主板", 23),
    ("金沙苑幼儿园", "饮水机加热模块", 12),
    ("东方明珠苑物业", "门禁读卡器", 6),
    ("翠湖天地写字楼", "卫生间感应龙头", 31),
)
