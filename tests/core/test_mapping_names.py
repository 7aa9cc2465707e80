"""Keyword mapping of facility names: real AMap POI names (the 名称 a planner's export carries when it has no type
code), the ones that belong to a category and the near-misses that only sound like one (养老保险 is not elderly
care, 健身器材店 is not a fitness ground). Names are of the forms AMap gives Shanghai POIs: brand or place,
then the branch in brackets."""

from __future__ import annotations

import pytest

from lifecircle.lifecircle_plugin.core.checklist import load_mapping

HITS = {
    "Q01": ["新华路街道党群服务中心", "长宁区新泾镇社区事务受理服务中心", "曹杨新村街道邻里中心", "虹桥街道社区服务中心"],
    "Q02": ["天山路第一居委会", "仙霞新村居民委员会", "古北社区议事厅"],
    "Q03": ["联华超市(仙霞路店)", "全家便利店(中山公园店)", "仙霞菜场", "雷允上药店(天山店)", "叮咚生鲜(虹桥店)"],
    "Q04": ["长宁区天山社区卫生服务中心", "仙霞社区卫生服务站", "上海市第六人民医院", "新华路街道卫生室"],
    "Q05": ["长宁区新泾镇综合为老服务中心", "华阳路街道日间照料中心", "天山路长者照护之家", "虹仙社区长者食堂",
            "周家桥街道敬老院", "仙霞老年人日间服务中心"],
    "Q06": ["长宁区实验幼儿园", "天山路街道宝宝屋", "小红帽托育园(仙霞园)"],
    "Q07": ["长宁区文化馆", "新华路街道社区文化活动中心", "虹桥街道文化站"],
    "Q08": ["天山公园健身苑", "长宁区体育馆", "仙霞网球场", "中山公园运动场"],
    "Q09": ["长宁消防救援站", "中山公园应急避难场所", "天山路AED"],
    "Q10": ["天山公园", "新华路口袋公园", "虹桥街心花园", "长宁城市广场"],
    "M01": ["上海植物园", "苏州河绿道(长宁段)", "外环生态公园", "仙霞社区花园"],
    "M02": ["长宁区图书馆", "天山路街道社区学校", "长宁区老年大学", "虹桥社区书屋"],
    "M04": ["一兆韦德健身中心(中山公园店)", "威尔士健身房(天山店)"],
}

NEAR_MISSES = [  # (name, the category it would have been given by a bare keyword)
    ("中国人寿养老保险股份有限公司上海分公司", "Q05"),
    ("平安养老保险(长宁营业部)", "Q05"),
    ("工商银行养老金服务中心", "Q05"),
    ("老年用品专卖(天山店)", "Q05"),
    ("舒华健身器材(长宁店)", "Q08"),
    ("迪卡侬体育用品(中山公园店)", "Q08"),
    ("上海XX医疗器械有限公司", "Q04"),
    ("华美美容医院", "Q04"),
    ("伊莱美医疗美容门诊部", "Q04"),
    ("上海市第六人民医院停车场", "Q04"),
    ("长宁区天山社区卫生服务中心停车场", "Q04"),
    ("中山公园(地铁站)", "Q10"),
    ("天山公园(公交站)", "Q10"),
    ("天山公园停车场", "Q10"),
    ("绿地公园城(小区)", "Q10"),
    ("仙霞城市广场写字楼", "Q10"),
    ("公园壹号售楼处", "Q10"),
    ("上海XX生态科技有限公司", "M01"),
    ("长宁区生态环境局", "M01"),
    ("XX消防器材(仙霞店)", "Q09"),
    ("上海XX消防设备有限公司", "Q09"),
    ("长宁区应急管理局", "Q09"),
    ("XX文化中心写字楼", "Q07"),
    ("XX宠物医院(天山店)", "Q04"),
]


@pytest.fixture(scope="module")
def mapper():
    return load_mapping()


@pytest.mark.parametrize("code, name", [(c, n) for c, names in HITS.items() for n in names])
def test_real_names_get_their_category(mapper, code, name):
    assert mapper.code_for(name) == code, mapper.rule_for(name)


@pytest.mark.parametrize("name, sounds_like", NEAR_MISSES)
def test_names_that_only_sound_like_a_category_get_none(mapper, name, sounds_like):
    rule = mapper.rule_for(name)
    assert mapper.code_for(name) is None, rule
    assert rule is not None and rule.excluded  # decided by an exclusion, not left unmapped by chance


def test_keyword_categories_are_counted_for_the_log(mapper):
    values = ["Q05", "090100", "长宁区新泾镇综合为老服务中心", "华阳路街道日间照料中心", "天山公园", "仙霞菜场",
              "平安养老保险(长宁营业部)", "amenity=clinic", "科教文化服务;图书馆;图书馆"]
    found = mapper.keyword_categories(values)
    # codes, typecodes, OSM tags and exact type names are not keyword matches; exclusions are no category
    assert found == {"Q05": {"为老服务": 1, "日间照料": 1}, "Q10": {"公园": 1}, "Q03": {"菜场": 1}}
