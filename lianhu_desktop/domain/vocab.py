"""The seeds' vocabulary: every enumeration a user picks from, in Chinese.

Values are stored as these Chinese strings, so the database, the screens and
the Excel files all speak the same words. Identifiers stay English.
"""

GENDERS = ("男", "女")

# Ordered from lowest to highest; SENIOR_HIGH_OR_ABOVE is what a township
# reports as 高中以上 (seed 002 §2).
EDUCATIONS = ("小学", "初中", "高中", "中专", "大专", "本科", "硕士研究生", "博士研究生")
SENIOR_HIGH_OR_ABOVE = frozenset(EDUCATIONS[2:])

ETHNICITIES = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)
MAJORITY_ETHNICITY = "汉族"

MEMBERSHIPS = ("正式党员", "预备党员")
RESIDENCES = ("在家", "外出")

# 考核类别, seed 002 §3.6: each tier has its own 100-point scheme.
TIERS = ("党员干部", "一般党员", "外出党员", "老病残党员")

# 党小组 kinds, seed 000: "行业相近、居住相邻".
PARTY_GROUP_KINDS = ("老龄", "种养业", "务工经商", "外出", "其他")

# 设岗定责, seeds 000 and 002.
DEFAULT_POSTS = (
    "宣传教育", "民主监督", "项目建设", "矛盾调解", "经济发展",
    "村务监督", "技术信息服务", "环境卫生", "综合治理",
)

# Skills recorded on a member, used by the ability linking mode (seed 003).
SKILLS = ("种植技术", "养殖技术", "农机维修", "法律政策", "经商致富", "医疗卫生", "文化宣传")

ARCHIVE_REASONS = ("转出", "去世", "出党", "停止党籍", "其他")

# 四种模式, seed 003.
LINK_MODES = ("就近就地", "双向选择", "能力分类", "产业协会")

# 八个到位, seed 003. The order fixes the bit of each duty in Visit.duties.
DUTIES = ("宣传政策", "民意收集", "隐患排查", "化解矛盾", "卫生监督", "促进增收", "文明引导", "应急救援")

VISIT_FORMS = ("入户走访", "电话联系", "谈心谈话", "座谈会", "问卷调查")

HOUSEHOLD_TAGS = (
    "困难户", "低保户", "五保户", "专业户", "上访户", "种养大户", "流动党员户", "外出户",
    "留守老人户", "残疾人户", "军烈属户",
)

# The categories offered for a request; the clerk may type another (seed 004).
REQUEST_CATEGORIES = ("政策咨询", "生产生活", "矛盾纠纷", "环境卫生", "安全隐患", "其他")
# 即知即办 on the spot, else up to the branch or handed to a department (seed 004).
REQUEST_HANDLINGS = ("当场办结", "上报支部", "转交部门")
ON_THE_SPOT = "当场办结"
HANDED_TO_DEPARTMENT = "转交部门"
# 待办 → 办理中 → 已办结 → 已反馈; 退回重办 when the household is not satisfied.
REQUEST_STATUSES = ("待办", "办理中", "已办结", "已反馈", "退回重办")
# Statuses of a request not yet solved (overdue when past its deadline).
REQUEST_OPEN = ("待办", "办理中", "退回重办")
SATISFACTIONS = ("满意", "基本满意", "不满意")

COMMITMENT_STATUSES = ("未开始", "进行中", "已完成", "未完成")

MEETING_KINDS = ("主题党日", "支委会", "党员大会", "党小组会", "民主评议大会")
ATTENDANCE_STATUSES = ("出席", "请假", "缺席")

GRADES = ("优秀", "合格", "基本合格", "不合格")
APPRAISAL_STATUSES = ("准备中", "评议中", "已封存")
ITEM_SOURCES = ("手工", "自动")
VOTER_KINDS = ("党员", "群众代表")

# Linking range per capable member (seed 003: 5–10 households).
DEFAULT_LINK_MIN = 5
DEFAULT_LINK_MAX = 10


def duties_to_mask(duties) -> int:
    """Turn an iterable of duty names into the bit mask stored on a visit."""
    mask = 0
    for name in duties:
        mask |= 1 << DUTIES.index(name)
    return mask


def mask_to_duties(mask: int) -> list[str]:
    """The duty names set in a visit's bit mask, in the seeds' order."""
    return [name for bit, name in enumerate(DUTIES) if mask & (1 << bit)]

# 结对帮扶 (seeds 001, 002 §3.7, 004): households in difficulty a member pairs with.
DIFFICULTY_TAGS = ("困难户", "低保户", "五保户")
# A capable member pairs with 1–2 such households.
PAIRING_MAX = 2
# The year-end review of a help plan (帮扶计划).
PAIRING_OUTCOMES = ("已达成", "部分达成", "未达成")

# Seed 002 §3.5: each member publicly commits to 1–5 things a year.
COMMITMENTS_MIN = 1
COMMITMENTS_MAX = 5

# What each of the 八个到位 asks (seed 003), for the responsibility letters (结链责任状).
DUTY_TEXTS = {
    "宣传政策": "向联系户宣讲党的声音",
    "民意收集": "定期入户走访，倾听民意，简单的事情即知即办、复杂的事情及时向支部反馈",
    "隐患排查": "加强安全宣传教育，及时排查安全隐患，协助村组干部开展地质灾害、防汛防火等工作",
    "化解矛盾": "引导群众通过矛盾纠纷调解室、民情恳谈会等调处矛盾纠纷",
    "卫生监督": "监督包联区域的环境卫生，确保村容干净整洁",
    "促进增收": "依托自身致富优势为联系户提供服务，建立长效带富机制",
    "文明引导": "引导所联户参加积极向上的文体活动，做彬彬有礼村民",
    "应急救援": "积极组织包联户参加应急抢险救援活动",
}
