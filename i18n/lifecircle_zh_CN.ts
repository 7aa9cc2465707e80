<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>LifeCircle</name>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="230"/>
        <source>Unknown checklist code {!r} in profile '{}'. Valid codes: {}.</source>
        <translation>清单代码 {!r} 不在配置标准“{}”中。有效代码：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="246"/>
        <source>Profile '{}' has no target labelled {!r} (labelled targets: {}).</source>
        <translation>配置标准“{}”没有标签为 {!r} 的目标（已有标签的目标：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="257"/>
        <source>Threshold for {} ({}) must be a positive number of metres, got {!r}.</source>
        <translation>{}（{}）的阈值必须是正的米数，而不是 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="298"/>
        <source>No bundled checklist profile named '{}' and no such file. Bundled profiles: {}; or give the path of a profile CSV.</source>
        <translation>没有名为“{}”的内置清单配置，也没有这样的文件。内置配置：{}；或给出配置 CSV 文件的路径。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="330"/>
        <source>{}, column 'type': empty centre type.</source>
        <translation>{}，“type”列：中心类型为空。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="335"/>
        <source>{}, column 'min_area_m2': {!r} is not a positive number (leave it empty for the profile's one-stop floor).</source>
        <translation>{}，“min_area_m2”列：{!r} 不是正数（留空则用配置的一站式中心面积下限）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="352"/>
        <source>{}: {} is not a code or category name of profile '{}' (write codes such as Q05, names such as 为老服务, or one_stop).</source>
        <translation>{}：{} 不是配置“{}”的类别编码或名称（请写 Q05 这样的编码、为老服务这样的名称，或 one_stop）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="356"/>
        <source>{}: empty; name the functions the type needs (e.g. one_stop;Q06|M03).</source>
        <translation>{}：为空；请写出该类型需要的功能（例如 one_stop;Q06|M03）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="389"/>
        <source>Profiles by unit type: cannot read {!r}; write type=profile, e.g. 乡村=national.</source>
        <translation>按单元类型的配置：无法读取 {!r}；请写成 类型=配置，例如 乡村=national。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="392"/>
        <source>Profiles by unit type: {} is given twice ({!r}).</source>
        <translation>按单元类型的配置：{} 给了两次（{!r}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="415"/>
        <source>Walking thresholds: cannot read {!r}; write CODE=metres, e.g. Q05=300, M03=800.</source>
        <translation>步行距离阈值：无法读取 {!r}；请写成 CODE=米数，例如 Q05=300, M03=800。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="422"/>
        <source>Walking thresholds: {!r} — the distance for {} must be a positive number of metres.</source>
        <translation>步行距离阈值：{!r} —— {} 的距离必须是正的米数。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="425"/>
        <source>Walking thresholds: {} is given twice ({!r}).</source>
        <translation>步行距离阈值：{} 给出了两次（{!r}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="447"/>
        <source>{}, column 'code': empty code.</source>
        <translation>{}，“code”列：代码为空。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="449"/>
        <source>{}, column 'code': duplicate code {} (already on row {}).</source>
        <translation>{}，“code”列：代码 {} 重复（已在第 {} 行）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="454"/>
        <source>{}, column 'name_zh': empty name for {}.</source>
        <translation>{}，“name_zh”列：{} 的名称为空。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="459"/>
        <source>{}, column 'tier': unknown tier {!r} for {}; use 十全 (must-have) or 十美 (optional).</source>
        <translation>{}，“tier”列：未知层级 {!r}（{}）；请用 十全（必配）或 十美（选配）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="466"/>
        <source>{}, column 'kind': unknown kind {!r}; use 基础保障 or 品质提升.</source>
        <translation>{}，“kind”列：未知类型 {!r}；请用 基础保障 或 品质提升。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="472"/>
        <source>{}, column 'threshold_m': {!r} is not a positive number of metres.</source>
        <translation>{}，“threshold_m”列：{!r} 不是正的米数。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="481"/>
        <source>{}, column 'min_area_m2': {!r} is not a positive number (leave it empty for none).</source>
        <translation>{}，“min_area_m2”列：{!r} 不是正数（不设下限请留空）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="486"/>
        <source>{}, column 'one_stop': {!r} is not 1 or 0.</source>
        <translation>{}，“one_stop”列：{!r} 不是 1 或 0。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="494"/>
        <source>{}: the profile has no categories.</source>
        <translation>{}：配置标准中没有任何类别。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="503"/>
        <source>Missing profile settings file {}.</source>
        <translation>缺少配置标准的设置文件 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="519"/>
        <source>{}, column 'value': {} must be a share between 0 and 1, got {!r}.</source>
        <translation>{}，“value”列：{} 必须是 0 到 1 之间的比例，而不是 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="525"/>
        <source>{}, column 'key': unknown setting {!r}. Known settings: {}, target_share_&lt;label&gt;.</source>
        <translation>{}，“key”列：未知设置 {!r}。已知设置：{}、target_share_&lt;标签&gt;。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="531"/>
        <source>{}, column 'value': target_share must be between 0 and 1, got {!r}.</source>
        <translation>{}，“value”列：target_share 必须在 0 到 1 之间，而不是 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="537"/>
        <source>{}, column 'value': {} must be a positive {}, got {!r}.</source>
        <translation>{}，“value”列：{} 应为正的{}，实为 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="550"/>
        <source>area in m²</source>
        <translation>面积（平方米）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="551"/>
        <source>distance in metres</source>
        <translation>距离（米）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="564"/>
        <source>{}: target_year {} has no target_share_{} row.</source>
        <translation>{}：target_year {} 没有对应的 target_share_{} 行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="570"/>
        <source>{}: several target_share_&lt;label&gt; rows; add a target_year row saying which applies.</source>
        <translation>{}：有多个 target_share_&lt;标签&gt; 行；请添加 target_year 行说明采用哪一个。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="578"/>
        <source>{}: small_point_min_m2 ({:g}) is larger than small_point_max_m2 ({:g}).</source>
        <translation>{}：small_point_min_m2（{:g}）大于 small_point_max_m2（{:g}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="713"/>
        <source>{}: unknown source {!r}; use one of {}.</source>
        <translation>{}：未知来源 {!r}；请用 {} 之一。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="717"/>
        <source>{}: match {!r} is not possible for source {}; use {}.</source>
        <translation>{}：匹配方式 {!r} 不适用于来源 {}；请用 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="722"/>
        <source>{}: unknown checklist code {!r}; use one of {} or '-' for no category.</source>
        <translation>{}：未知清单代码 {!r}；请用 {} 之一，或用“-”表示不属于任何类别。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="868"/>
        <source>{}, column 'source': unknown source {!r}; use one of {}.</source>
        <translation>{}，“source”列：未知来源 {!r}；请用 {} 之一。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="873"/>
        <source>{}, column 'match': {!r} is not possible for {}; use {}.</source>
        <translation>{}，“match”列：{!r} 不适用于 {}；请用 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="878"/>
        <source>{}, column 'pattern': empty pattern.</source>
        <translation>{}，“pattern”列：匹配模式为空。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="881"/>
        <source>{}, column 'pattern': AMap typecode {!r} must be 1–6 digits.</source>
        <translation>{}，“pattern”列：高德类型代码 {!r} 必须是 1–6 位数字。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="888"/>
        <source>{}, column 'pattern': OSM rule {!r} must be key=value, or several joined by ';'.</source>
        <translation>{}，“pattern”列：OSM 规则 {!r} 必须写成 key=value，多个之间用“;”连接。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="895"/>
        <source>{}, column 'code': empty code; write '-' for values that belong to no category.</source>
        <translation>{}，“code”列：代码为空；不属于任何类别的值请写“-”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="899"/>
        <source>{}, column 'pattern': {!r} is already mapped on row {}.</source>
        <translation>{}，“pattern”列：{!r} 已在第 {} 行映射过。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="932"/>
        <source>Mapping table {} does not exist.</source>
        <translation>映射表 {} 不存在。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="948"/>
        <source>Unknown mapping source(s) {}; use 'auto' or a comma-separated choice of {} (or 'none').</source>
        <translation>未知的映射来源 {}；请用“auto”，或从 {} 中以逗号分隔选择（或“none”）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="965"/>
        <source>Cannot read {}: {}.</source>
        <translation>无法读取 {}：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="973"/>
        <source>{}: not a UTF-8 or GB18030 text file; save it as 'CSV UTF-8'.</source>
        <translation>{}：不是 UTF-8 或 GB18030 文本文件；请另存为“CSV UTF-8”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="982"/>
        <source>{}: the file is empty (a header row is needed).</source>
        <translation>{}：文件为空（需要一行表头）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/checklist.py" line="998"/>
        <location filename="../lifecircle_plugin/core/potential.py" line="209"/>
        <source>{}, row 1: missing column '{}'. Expected columns: {}.</source>
        <translation>{}，第 1 行：缺少列“{}”。应有的列：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="79"/>
        <source>GATE_DETOUR must be 1.0 or more (a walk is never shorter than the straight line; got {}).</source>
        <translation>GATE_DETOUR 须不小于 1.0（步行距离不会短于直线距离；当前为 {}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="122"/>
        <source>{} (part {})</source>
        <translation>{}（第 {} 部分）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="188"/>
        <source>Gated compounds: {} gated area(s), {} gate(s) ({} open to pedestrians{}).</source>
        <translation>封闭小区：{} 个封闭范围，{} 个出入口（{} 个可供步行{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="190"/>
        <source> at {}</source>
        <translation>，于 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="192"/>
        <source>{} gate(s) lie more than {:g} m from every compound and are not used: {}.</source>
        <translation>{} 个出入口距任何小区都超过 {:g} 米，未使用：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="195"/>
        <source>{} compound(s) have no polygon geometry and are left out: {}.</source>
        <translation>{} 个小区没有面几何，已排除：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="198"/>
        <source>{} gate(s) have no location and are not used: {}.</source>
        <translation>{} 个出入口没有位置，未使用：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="201"/>
        <source>{} gate(s) are not for pedestrians and are left out: {}.</source>
        <translation>{} 个出入口不供行人通行，已排除：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="204"/>
        <source>{} gate(s) are closed at {} and are left out: {}.</source>
        <translation>{} 个出入口在 {} 关闭，已排除：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="207"/>
        <source>{} compound(s) have several parts; each part is walked out of through its own gates: {}.</source>
        <translation>{} 个小区由多个部分组成；每部分经各自的出入口走出：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="210"/>
        <source>{} pair(s) of compounds overlap; a point in both belongs to the smaller one: {}.</source>
        <translation>{} 对小区相互重叠；同时位于两者内的点归入较小的小区：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="224"/>
        <source>{} gate(s) are farther than the snap tolerance ({:g} m) from every walkable street and are not used: {}.</source>
        <translation>{} 个出入口距任何可步行道路都超过吸附容差（{:g} 米），未使用：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="291"/>
        <source>{:,} of {:,} point(s) lie inside {:,} gated compound(s) and walk out through their gates.</source>
        <translation>{:,} 个点（共 {:,} 个）位于 {:,} 个封闭小区内，经小区出入口走出。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="301"/>
        <source>{} point(s) lie inside {} gated compound(s) with no usable gate (none mapped, none for pedestrians, or none within the snap tolerance of a street): {}. Add their gates to the GATES layer, mark the compounds open, or set NO_GATE to join the nearest street.</source>
        <translation>{} 个点位于 {} 个没有可用出入口的封闭小区内（未标出入口、没有供行人通行的出入口，或出入口都不在道路吸附容差内）：{}。请把出入口补入 GATES 图层、把小区标为开放，或将 NO_GATE 设为就近接入道路。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="306"/>
        <source>{} point(s) lie inside {} gated compound(s) with no usable gate and join the nearest street through the wall (NO_GATE): {}.</source>
        <translation>{} 个点位于 {} 个没有可用出入口的封闭小区内，按 NO_GATE 设置穿墙就近接入道路：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/compounds.py" line="311"/>
        <source>{} point(s) lie inside {} compound(s) whose every gate is closed at {}: they cannot walk out and count as unreachable: {}.</source>
        <translation>{} 个点位于 {} 个出入口在 {} 全部关闭的小区内：无法走出，按不可达计：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/conflicts.py" line="57"/>
        <source> ({})</source>
        <translation>（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/conflicts.py" line="60"/>
        <source>Project {} was deleted by another user after you started changing it.</source>
        <translation>项目 {} 在您开始修改后已被其他用户删除。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/conflicts.py" line="64"/>
        <source>Project {}, which you deleted, was changed by another user{} at {} ({}).</source>
        <translation>您删除的项目 {} 已被其他用户{}于 {} 修改（{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/conflicts.py" line="66"/>
        <source>Project {} was changed by another user{} at {} ({}).</source>
        <translation>项目 {} 已被其他用户{}于 {} 修改（{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coord_systems.py" line="12"/>
        <source>WGS 84</source>
        <translation>WGS 84</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coord_systems.py" line="13"/>
        <source>GCJ-02 (AMap/Tencent)</source>
        <translation>GCJ-02（高德/腾讯）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coord_systems.py" line="14"/>
        <source>BD-09 (Baidu)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coords.py" line="118"/>
        <source>Unknown coordinate system '{}': use one of WGS 84, GCJ-02 (AMap/Tencent) or BD-09 (Baidu).</source>
        <translation>未知的坐标系“{}”：请使用 WGS 84、GCJ-02（高德/腾讯）或 BD-09（百度）之一。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="42"/>
        <source>Layer '{}', population field '{}': all {:,} features have 0 population, so no share of residents can be computed. Is this the population field? (0 is allowed for some features, not for all.)</source>
        <translation>图层“{}”，人口字段“{}”：全部 {:,} 个要素的人口均为 0，无法计算居民比例。这是人口字段吗？（部分要素可以为 0，但不能全部为 0。）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="82"/>
        <source>no value (NULL) in feature ids {}</source>
        <translation>要素 id {} 中没有值（NULL）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="84"/>
        <source>a value that is not a number in feature ids {}</source>
        <translation>要素 id {} 中的值不是数字</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="86"/>
        <source>a negative value in feature ids {}</source>
        <translation>要素 id {} 中的值为负数</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="88"/>
        <source>Layer '{}', population field '{}': {}. Fix these values (0 is allowed) and run again.</source>
        <translation>图层“{}”，人口字段“{}”：{}。请修正这些值（允许为 0）后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="359"/>
        <source>TARGET must be a share between 0 and 100 % (got {:g} %).</source>
        <translation>TARGET 必须是 0 到 100 % 之间的比例（当前为 {:g} %）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="363"/>
        <source>Profile '{}' has other categories than profile '{}' ({} / {}): profiles judged side by side need the same codes.</source>
        <translation>配置“{}”的类别与配置“{}”不同（{} / {}）：并列使用的配置需要相同的编码。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="373"/>
        <source>No facility belongs to a checklist category: check the category field and the mapping table (the log lists the values that did not map).</source>
        <translation>没有任何设施属于清单类别：请检查类别字段和映射表（日志中列出了未能映射的值）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="387"/>
        <source>No resident point lies within SNAP_TOLERANCE ({:g} m) of the walking network: are the residents and the network in the same place (and CRS)?</source>
        <translation>没有任何居民点位于步行网络的捕捉容差 SNAP_TOLERANCE（{:g} 米）之内：居民点与步行网络是否在同一地区（及同一坐标系）？</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/coverage.py" line="422"/>
        <source>{} unit profiles for {} units.</source>
        <translation>{} 个单元配置对应 {} 个单元。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/errors.py" line="44"/>
        <source>{} … ({} in all)</source>
        <translation>{} …（共 {} 个）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/geometry.py" line="114"/>
        <source>Layer '{}': {} feature(s) without a polygon geometry (feature ids {}{}).</source>
        <translation>图层“{}”：{} 个要素没有面几何（要素 ID {}{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/groups.py" line="76"/>
        <source>{}: unknown population group {!r}; use {} (several separated by ';'), or leave it empty for everyone.</source>
        <translation>{}：未知的人群 {!r}；请使用 {}（多个以“;”分隔），留空表示全体居民。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/groups.py" line="126"/>
        <source>Layer '{}', field '{}': {} feature(s) have more residents in the group than in all (feature ids {}); the group counts there are taken as the population.</source>
        <translation>图层“{}”，字段“{}”：{} 个要素的该人群人数多于总人口（要素 ID {}）；这些要素的该人群人数按总人口计。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/highs_child.py" line="168"/>
        <source>The exact solver (HiGHS, run in a separate process) failed: {}. Choose the greedy solver, or a smaller problem.</source>
        <translation>精确求解器（HiGHS，在单独进程中运行）失败：{}。请选择贪心算法，或缩小问题规模。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/impact.py" line="124"/>
        <source>None of the selected projects can be counted: each needs a checklist category (Q01…M10) and a location within the snap tolerance of the walking network. Check the status/year selection too.</source>
        <translation>所选项目均无法计入：每个项目都需要清单类别（Q01…M10）以及位于步行网络捕捉容差内的位置。另请检查状态和年度的选择。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/impact.py" line="269"/>
        <source>Unit {!r}: value {!r} of '{}' is not a number.</source>
        <translation>单元 {!r}：值 {!r}（字段“{}”）不是数字。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/export.py" line="94"/>
        <source>No project to export: the list is empty for the chosen year(s) and 街镇.</source>
        <translation>没有可导出的项目：所选年度和街镇下清单为空。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/export.py" line="97"/>
        <source>{} project(s) have no 项目编号 (project_id): a ledger row is matched back by its id. Fill in the ids first (the project dock generates them).</source>
        <translation>{} 个项目没有项目编号（project_id）：台账行按编号回填。请先填写编号（项目清单面板可自动生成）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/export.py" line="103"/>
        <source>Duplicate project ids: {}. A ledger row is matched back by its id: give each project its own id first.</source>
        <translation>项目编号重复：{}。台账行按编号回填：请先为每个项目设置唯一编号。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/export.py" line="144"/>
        <source>The ledger is an Excel workbook: the file name must end in .xlsx, not '{}'.</source>
        <translation>台账是 Excel 工作簿：文件名必须以 .xlsx 结尾，而不是“{}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/export.py" line="153"/>
        <source>Cannot write into the folder of '{}': {}.</source>
        <translation>无法写入“{}”所在的文件夹：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/export.py" line="170"/>
        <source>Cannot write '{}': the file is open in another program (Excel/WPS?) or the folder is read-only. Close it and export again.</source>
        <translation>无法写入“{}”：该文件已在其他程序（Excel/WPS？）中打开，或文件夹为只读。请关闭后重新导出。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/export.py" line="176"/>
        <source>Cannot write '{}': {}.</source>
        <translation>无法写入“{}”：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/fast_rows.py" line="84"/>
        <source>Internal error: the ledger sheet has no sheetData element.</source>
        <translation>内部错误：台账工作表缺少 sheetData 元素。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="18"/>
        <source>the cell holds the error value {} (formula {})</source>
        <translation>单元格为错误值 {}（公式 {}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="19"/>
        <source>the cell holds the error value {}</source>
        <translation>单元格为错误值 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="25"/>
        <source>the cell holds a formula ({}) without a saved result; formulas are never evaluated on import: type the value instead, or open and save the file in Excel / WPS / LibreOffice so the result is saved</source>
        <translation>单元格中是没有保存结果的公式（{}）；导入时不计算公式：请直接填写数值，或在 Excel / WPS / LibreOffice 中打开并保存文件以保存计算结果</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="40"/>
        <source>{} is not a {}</source>
        <translation>{} 不是{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="49"/>
        <source>{} is not a plausible date ({}–{})</source>
        <translation>{} 不是合理的日期（{}–{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="55"/>
        <source>{} is a date, not a number</source>
        <translation>{} 是日期，不是数字</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="63"/>
        <source>{:g} is not a whole number</source>
        <translation>{:g} 不是整数</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="79"/>
        <source>'{}' is not in the dropdown list ({})</source>
        <translation>“{}”不在下拉列表中（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="81"/>
        <source>{} characters; at most {}</source>
        <translation>{} 个字符；最多 {} 个</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="86"/>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="86"/>
        <source>date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="86"/>
        <source>whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_cells.py" line="86"/>
        <source>number</source>
        <translation>数字</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="80"/>
        <source>no project row under the header: the ledger is empty</source>
        <translation>表头下没有项目行：台账为空</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="84"/>
        <source>This workbook was exported by an earlier LifeCircle: rows the office deleted cannot be listed (export the ledger again to have them checked).</source>
        <translation>该工作簿由较早版本的 LifeCircle 导出：无法列出街镇删除的行（重新导出台账即可核对）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="141"/>
        <source>project {} has no 校验码 (the hidden column was cleared): the row cannot be checked against QGIS; export the ledger again</source>
        <translation>项目 {} 没有校验码（隐藏列被清空）：无法与 QGIS 核对该行；请重新导出台账</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="151"/>
        <source>project {}: the hidden 导出值 cell was altered (it no longer matches the 校验码); export the ledger again</source>
        <translation>项目 {}：隐藏的“导出值”单元格被改动（与校验码不符）；请重新导出台账</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="164"/>
        <source>a value without a 项目编号 (project id): new projects cannot be added through the ledger; add them in QGIS and export again</source>
        <translation>有值但没有项目编号：不能通过台账新增项目；请在 QGIS 中添加后重新导出</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="177"/>
        <source>project {} appears twice (rows {} and {}); each project has one row</source>
        <translation>项目 {} 出现两次（第 {} 行和第 {} 行）；每个项目只能有一行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="183"/>
        <source>project {} is not in the project list (unknown id; was the id changed, or the project deleted in QGIS?)</source>
        <translation>项目 {} 不在项目清单中（编号未知；编号是否被修改，或项目已在 QGIS 中删除？）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="188"/>
        <source>project {} is in the project list {} times: fix the duplicate ids in QGIS first</source>
        <translation>项目 {} 在项目清单中出现 {} 次：请先在 QGIS 中修正重复编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="208"/>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="48"/>
        <location filename="../lifecircle_plugin/core/projects.py" line="505"/>
        <source>{}: {}</source>
        <translation>{}：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_diff.py" line="243"/>
        <source>{} (row {}): {}.</source>
        <translation>{}（第 {} 行）：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="37"/>
        <source>sheet '{}'</source>
        <translation>工作表“{}”</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="39"/>
        <source>row {}</source>
        <translation>第 {} 行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="41"/>
        <source>column {} ({})</source>
        <translation>第 {} 列（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="43"/>
        <source>column {}</source>
        <translation>第 {} 列</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="64"/>
        <source>{} {}: {} → {}</source>
        <translation>{} {}：{} → {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="85"/>
        <source>{}: at export {} | office {} | QGIS now {}</source>
        <translation>{}：导出时 {} | 街镇填报 {} | QGIS 现在 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="89"/>
        <source>{} (row {}) changed in QGIS since the export ({}): {}</source>
        <translation>{}（第 {} 行）自导出后已在 QGIS 中修改（{}）：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="90"/>
        <source>{} (row {}) changed in QGIS since the export: {}</source>
        <translation>{}（第 {} 行）自导出后已在 QGIS 中修改：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="105"/>
        <source>{} {} (row {}, column {}): {} → {} — changed by the office, not applied</source>
        <translation>{} {}（第 {} 行，第 {} 列）：{} → {} —— 街镇改动了规划师的列，未采用</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="118"/>
        <source>a blank row</source>
        <translation>空行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="118"/>
        <source>a subtotal/total row</source>
        <translation>小计/合计行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="118"/>
        <source>a note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="120"/>
        <source>row {}: {} ('{}'), skipped</source>
        <translation>第 {} 行：{}（“{}”），已跳过</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="121"/>
        <source>row {}: {}, skipped</source>
        <translation>第 {} 行：{}，已跳过</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="154"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="294"/>
        <source>{} project row(s) read: {} change(s) in {} project(s), {} conflict(s), {} error(s), {} unchanged.</source>
        <translation>读取项目行 {0} 条：{2} 个项目共 {1} 处改动，冲突 {3} 处，错误 {4} 处，未改动 {5} 条。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="158"/>
        <source>{} edit(s) to planner columns not applied.</source>
        <translation>{} 处对规划师列的改动未采用。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="160"/>
        <source>{} exported project(s) not in the returned workbook (nothing deleted).</source>
        <translation>{} 个导出的项目不在返回的台账中（未删除任何项目）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="163"/>
        <source>{} row(s) without a project skipped.</source>
        <translation>{} 行不含项目，已跳过。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="172"/>
        <source>from a formula's cached value</source>
        <translation>取自公式的缓存结果</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="180"/>
        <source>changed in QGIS since the export ({}): not applied</source>
        <translation>自导出后已在 QGIS 中修改（{}）：未采用</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="181"/>
        <source>changed in QGIS since the export: not applied</source>
        <translation>自导出后已在 QGIS 中修改：未采用</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="190"/>
        <source>a planner's column changed by the office: not applied</source>
        <translation>街镇改动了规划师的列：未采用</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_result.py" line="194"/>
        <source>not in the returned workbook (row deleted by the office?): nothing is deleted from the project list</source>
        <translation>不在返回的台账中（街镇删除了该行？）：项目清单中不删除任何项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="138"/>
        <source>Sheet '{}': no header row with the column 项目编号 in rows 1–{}. Was the header row changed? Export the ledger again.</source>
        <translation>工作表“{}”：第 1–{} 行中没有含“项目编号”列的表头行。表头行是否被修改？请重新导出台账。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="143"/>
        <source>Sheet '{}': no header row with the column 项目编号 (project id). Was the header row changed or deleted? Export the ledger again.</source>
        <translation>工作表“{}”：没有含“项目编号”列的表头行。表头行是否被修改或删除？请重新导出台账。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="148"/>
        <source>Sheet '{}', row {}: the column '{}' appears twice (columns {} and {}); remove the copy.</source>
        <translation>工作表“{}”，第 {} 行：列“{}”出现两次（第 {} 列和第 {} 列）；请删除重复的列。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="174"/>
        <source>Sheet '{}' has more than {:,} filled rows (refused at row {}): a ledger holds a district's projects, not this many. Is this the right file?</source>
        <translation>工作表“{}”有超过 {:,} 个非空行（在第 {} 行停止读取）：台账只包含一个区的项目，不会这么多。是否选错了文件？</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="190"/>
        <source>Sheet '{}', header row {}: column(s) missing: {}. Were columns deleted or renamed? Restore them (or export the ledger again and copy the updates over).</source>
        <translation>工作表“{}”，表头第 {} 行：缺少列：{}。这些列是否被删除或改名？请恢复（或重新导出台账并把更新复制过去）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="205"/>
        <source>'{}' has no sheet '{}' (its sheets: {}). Was the sheet renamed or deleted? Rename it back to '{}', or export the ledger again.</source>
        <translation>“{}”中没有工作表“{}”（现有工作表：{}）。该工作表是否被改名或删除？请把它改回“{}”，或重新导出台账。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="215"/>
        <source>'{}': '{}' is not a worksheet.</source>
        <translation>“{}”：“{}”不是工作表。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="219"/>
        <source>Sheet(s) not from the export ignored: {}.</source>
        <translation>已忽略不属于导出内容的工作表：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="224"/>
        <source>The hidden sheet '{}' is missing: the workbook is read with the current schema.</source>
        <translation>缺少隐藏工作表“{}”：按当前字段结构读取工作簿。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/import_sheet.py" line="245"/>
        <source>merged cells {}: rows and columns of the ledger must not be merged; unmerge them (the values stay in the first cell) and send it again.</source>
        <translation>合并单元格 {}：台账的行和列不能合并；请取消合并（值保留在第一个单元格）后重新发送。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/selection.py" line="33"/>
        <source>Years: '{}' is not a year (write 2026, or 2025,2026, or 2024-2026).</source>
        <translation>年度：“{}”不是年份（请写 2026，或 2025,2026，或 2024-2026）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/selection.py" line="37"/>
        <source>Years: {} is outside {}–{}.</source>
        <translation>年度：{} 超出 {}–{} 范围。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/sheets/gaps.py" line="89"/>
        <source>{}: the sites have no category field and none was given: the 类别 column is left out.</source>
        <translation>{}：选址结果没有类别字段，也未指定类别：不输出“类别”列。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/sheets/impact.py" line="62"/>
        <source>The impact units layer is neither a units output of 'Project impact' (cb_/ca_ fields) nor of 'Compare coverage' (dc_ fields).</source>
        <translation>成效评估单元图层既不是“项目成效评估”的单元输出（cb_/ca_ 字段），也不是“覆盖逐年对比”的输出（dc_ 字段）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/sheets/impact.py" line="130"/>
        <source>The impact projects layer is not a projects output of 'Project impact' (it has no new_alone / new_ordered fields).</source>
        <translation>成效评估项目图层不是“项目成效评估”的项目输出（没有 new_alone / new_ordered 字段）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/sheets/needs.py" line="31"/>
        <source>The needs layer has no lc_codes field: give the needs output of 'Residents' needs'.</source>
        <translation>需求图层没有 lc_codes 字段：请使用“居民需求”的需求输出。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/sheets/potential.py" line="22"/>
        <source>The potential-space layer has neither a rank nor a score field: it is not a result of 'Potential space'.</source>
        <translation>潜力空间图层既没有排名字段也没有评分字段：它不是“找空间（潜力空间）”的结果。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/sheets/units.py" line="62"/>
        <source>The units layer is not a result of 'Facility coverage' (体检): it has no c_Q01… covered-share fields.</source>
        <translation>单元图层不是“设施服务覆盖”（体检）的结果：没有 c_Q01… 覆盖比例字段。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/sheets/units.py" line="68"/>
        <source>{}: no unit in the chosen 街镇.</source>
        <translation>{}：所选街镇中没有单元。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/sheets/units.py" line="86"/>
        <source>{}: for {} unit(s) the layer's missing categories differ from the shares at the target {:g} %: the coverage was computed with another target. The colours follow {:g} %; the 缺项 columns are the layer's.</source>
        <translation>{}：有 {} 个单元的图层缺项与目标 {:g} % 下的覆盖比例不一致：覆盖计算采用了另一个目标。颜色按 {:g} % 显示；缺项列取自图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="31"/>
        <source>Cannot open '{}': {}.</source>
        <translation>无法打开“{}”：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="33"/>
        <source>'{}' is an old-format workbook (.xls / .et) or is protected by a password: open it in Excel, WPS or LibreOffice, remove any password to open, and save it as .xlsx (Excel 2007–365 workbook).</source>
        <translation>“{}”是旧格式工作簿（.xls / .et）或设有打开密码：请在 Excel、WPS 或 LibreOffice 中打开，去掉打开密码，另存为 .xlsx（Excel 2007–365 工作簿）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="40"/>
        <source>'{}' is not an .xlsx workbook (or it is damaged): save it as .xlsx from Excel, WPS or LibreOffice.</source>
        <translation>“{}”不是 .xlsx 工作簿（或已损坏）：请在 Excel、WPS 或 LibreOffice 中另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="61"/>
        <source>'{}' is damaged: the part {} is missing.</source>
        <translation>“{}”已损坏：缺少部件 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="63"/>
        <source>'{}': the part {} is {:,.0f} MB uncompressed; a ledger is far smaller. Refused (is this the right file?).</source>
        <translation>“{}”：部件 {} 解压后有 {:,.0f} MB；台账远比这小。已拒绝（是否选错了文件？）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="210"/>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="72"/>
        <source>'{}' is damaged: {} cannot be read ({}).</source>
        <translation>“{}”已损坏：{} 无法读取（{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="110"/>
        <source>'{}' is not an Excel workbook (no workbook part): save it as .xlsx.</source>
        <translation>“{}”不是 Excel 工作簿（没有 workbook 部件）：请另存为 .xlsx。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/ledger/xlsx_stream.py" line="207"/>
        <source>'{}' is damaged: {} is not valid XML (line {}: {}).</source>
        <translation>“{}”已损坏：{} 不是有效的 XML（第 {} 行：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/needs.py" line="63"/>
        <source>Cannot read the needs vocabulary {}: {}</source>
        <translation>无法读取需求词表 {}：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/needs.py" line="67"/>
        <source>{}: the needs vocabulary needs the columns pattern and code (found: {}).</source>
        <translation>{}：需求词表需要 pattern 和 code 两列（现有：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/needs.py" line="77"/>
        <source>{}, row {}, column 'code': empty code for {!r} (a checklist code, or - for not a facility need).</source>
        <translation>{}，第 {} 行，“code”列：{!r} 的代码为空（应为清单代码，或用 - 表示不是设施需求）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/needs.py" line="91"/>
        <source>{}: code {} is not in the profile (codes: {}).</source>
        <translation>{}：代码 {} 不在清单配置中（代码：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/needs.py" line="187"/>
        <source>Layer '{}', field '{}': a weight that is not a number of 0 or more in feature ids {}.</source>
        <translation>图层“{}”，字段“{}”：要素 ID {} 的权重不是大于等于 0 的数字。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/needs.py" line="305"/>
        <source>The need bonus must be 0 or more and the full-bonus count above 0 (got {:g} and {:g}).</source>
        <translation>需求加权须大于等于 0，满额需求数须大于 0（现为 {:g} 和 {:g}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="40"/>
        <source>NODE_TOLERANCE must be a distance of 0 m or more (got {}).</source>
        <translation>NODE_TOLERANCE 必须是 0 米或以上的距离（当前为 {}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="224"/>
        <source>Layer '{}' has no line geometries ({} features of another geometry type): give a line layer of streets and paths as the network.</source>
        <translation>图层“{}”没有线几何（{} 个要素为其他几何类型）：请用街道和路径的线图层作为步行网络。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="230"/>
        <source>{} excluded by class ({})</source>
        <translation>{} 条按道路等级排除（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="232"/>
        <source>{} flagged not walkable</source>
        <translation>{} 条标记为不可步行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="234"/>
        <source>{} with empty or null geometry</source>
        <translation>{} 条几何为空</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="236"/>
        <source>{} of zero length</source>
        <translation>{} 条长度为零</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="237"/>
        <source>the layer is empty</source>
        <translation>图层为空</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="239"/>
        <source>Layer '{}' has no walkable lines left to build a network from ({} features: {}).</source>
        <translation>图层“{}”中没有可用于构建网络的可步行线（{} 个要素：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/network_build.py" line="319"/>
        <source>Layer '{}': every line collapsed to zero length at NODE_TOLERANCE {} m; use a smaller tolerance.</source>
        <translation>图层“{}”：在节点容差 NODE_TOLERANCE {} 米下所有线都收缩为零长度；请使用更小的容差。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/population.py" line="125"/>
        <source>Unknown method {!r}; use one of {}.</source>
        <translation>未知的方法 {!r}；请使用以下之一：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/population.py" line="211"/>
        <source>Layer '{}': the age groups {} together are more than the population in {} feature(s) ({}). They are separate age bands of the population: check the fields chosen and the values.</source>
        <translation>图层“{}”：年龄人群 {} 合计多于总人口的要素有 {} 个（{}）。这些是总人口中互不重叠的年龄段：请检查所选字段和数值。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/population.py" line="217"/>
        <source>Layer '{}': more residents aged 80+ than 60+ in {} feature(s) ({}).</source>
        <translation>图层“{}”：{} 个要素的 80 岁及以上居民多于 60 岁及以上居民（{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/population.py" line="226"/>
        <source>Layer '{}': the {} count is larger than the population in {} feature(s) ({}). A group is part of the population: check the fields chosen and the values.</source>
        <translation>图层“{}”：{} 人数大于总人口的要素有 {} 个（{}）。人群是总人口的一部分：请检查所选字段和数值。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/population.py" line="237"/>
        <source>Layer '{}': census polygons overlap, so their residents would be counted twice: {}. Fix the polygons and run again.</source>
        <translation>图层“{}”：普查单元面相互重叠，居民会被重复计算：{}。请修正面后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="197"/>
        <source>Potential-space rules: no such file '{}'.</source>
        <translation>潜力空间规则：文件“{}”不存在。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="219"/>
        <source>{}, column 'rule_id': empty rule id.</source>
        <translation>{}，“rule_id”列：规则编号为空。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="221"/>
        <source>{}, column 'rule_id': '{}' is already on row {}.</source>
        <translation>{}，“rule_id”列：“{}”已在第 {} 行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="227"/>
        <source>{}, column 'kind': unknown kind {!r}; use {} or {} (a setting row).</source>
        <translation>{}，“kind”列：未知类型 {!r}；请用 {} 或 {}（设置行）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="242"/>
        <source>{}, column 'rule_id': unknown setting '{}'. Settings: {}, and ownership:&lt;value&gt; rows.</source>
        <translation>{}，“rule_id”列：未知设置“{}”。设置项：{}，以及 ownership:&lt;值&gt; 行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="248"/>
        <source>{}, column 'value': setting '{}' needs a number of 0 or more, got {!r}.</source>
        <translation>{}，“value”列：设置“{}”需要 0 或以上的数字，而不是 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="261"/>
        <source>{}, column '{}': needs a number {}, got {!r}.</source>
        <translation>{}，“{}”列：需要{}的数字，而不是 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="271"/>
        <source>{}, column '{}': use 1 (yes), 0 (no) or leave it empty, got {!r}.</source>
        <translation>{}，“{}”列：请填 1（是）、0（否）或留空，而不是 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="286"/>
        <source>{}, column '{}': unknown status {!r}; use idle, vacant or in_use (or 闲置, 空置, 使用中).</source>
        <translation>{}，“{}”列：未知状态 {!r}；请用 idle、vacant 或 in_use（或 闲置、空置、使用中）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="294"/>
        <source>{}, column 'label_zh': the rule needs a label (shown in the reasons).</source>
        <translation>{}，“label_zh”列：规则需要标签（在理由中显示）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="299"/>
        <source>{}, column 'label_zh': cannot use {!r} ({}); placeholders are {}.</source>
        <translation>{}，“label_zh”列：不能使用 {!r}（{}）；可用的占位符为 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="319"/>
        <source>{}: area_min_m2 ({:g}) is larger than area_max_m2 ({:g}), so the rule could never fire.</source>
        <translation>{}：area_min_m2（{:g}）大于 area_max_m2（{:g}），该规则永远不会生效。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="341"/>
        <source>Score weights: cannot read {!r}; write name=number with names {}, e.g. need=50, area=10.</source>
        <translation>评分权重：无法读取 {!r}；请写成 名称=数字，名称为 {}，例如 need=50, area=10。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="397"/>
        <source>Land-use classes: no such file '{}'.</source>
        <translation>用地类别：文件“{}”不存在。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="416"/>
        <source>{}, row 1: missing column '{}'. Expected: pattern, match, class, note.</source>
        <translation>{}，第 1 行：缺少列“{}”。应有：pattern, match, class, note。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="425"/>
        <source>{}, row {}, column 'match': use exact, prefix or keyword, got {!r}.</source>
        <translation>{}，第 {} 行，“match”列：请用 exact、prefix 或 keyword，而不是 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="429"/>
        <source>{}, row {}, column 'class': empty class for {!r}.</source>
        <translation>{}，第 {} 行，“class”列：{!r} 的类别为空。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="488"/>
        <source>Layer '{}', field '{}', feature id {}: unknown constraint mode {!r}; use exclude (排除) or clip (裁剪).</source>
        <translation>图层“{}”，字段“{}”，要素 ID {}：未知约束方式 {!r}；请用 exclude（排除）或 clip（裁剪）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="522"/>
        <source>Layer '{}', field '{}': a value that is not a distance in metres in feature ids {}. Use the residents output of lifecircle:facilitycoverage unchanged.</source>
        <translation>图层“{}”，字段“{}”：要素 ID {} 的值不是以米计的距离。请直接使用 lifecircle:facilitycoverage 的居民输出。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="591"/>
        <source>Layer '{}' has no parcels.</source>
        <translation>图层“{}”中没有地块。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="646"/>
        <source>Rules {}, rule '{}', column 'serves': {} is not a category of profile '{}' ({}).</source>
        <translation>规则 {}，规则“{}”，“serves”列：{} 不是配置标准“{}”中的类别（{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="668"/>
        <source>Counting uncovered residents needs the walking network.</source>
        <translation>统计未覆盖居民需要步行网络。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="761"/>
        <source>field '{}' ({}) is not a number in feature ids {}</source>
        <translation>字段“{}”（{}）在要素 id {} 中不是数字</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="763"/>
        <source>field '{}' ({}) is negative in feature ids {}</source>
        <translation>字段“{}”（{}）在要素 id {} 中为负数</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="765"/>
        <source>field '{}' ({}) is not a year in feature ids {}</source>
        <translation>字段“{}”（{}）在要素 id {} 中不是年份</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="773"/>
        <source>Layer '{}': {}. Fix the values (leave unknown ones empty) and run again.</source>
        <translation>图层“{}”：{}。请修正这些值（未知的留空）后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="806"/>
        <source>Layer '{}': {} feature(s) without a polygon geometry (feature ids {}). Parcels must be polygons; fix or delete these features.</source>
        <translation>图层“{}”：{} 个要素没有面几何（要素 ID {}）。地块必须是面；请修复或删除这些要素。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="823"/>
        <source>Layer '{}': invalid polygons that cannot be repaired (feature ids {}). Fix them with 'Fix geometries' and run again.</source>
        <translation>图层“{}”：有无法修复的无效面（要素 ID {}）。请用“修复几何”处理后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="1012"/>
        <source>Rules on the distance to streets need the walking network.</source>
        <translation>关于到街道距离的规则需要步行网络。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/potential.py" line="1030"/>
        <source>Rules on street corners need the walking network.</source>
        <translation>关于街角的规则需要步行网络。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/programme.py" line="54"/>
        <source>{}: the header needs a 'value' column (has: {}).</source>
        <translation>{}：表头需要“value”列（现有：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/programme.py" line="63"/>
        <source>{}: no project source in the file.</source>
        <translation>{}：文件中没有项目来源。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/programme.py" line="97"/>
        <source>row {}, column {}: {}</source>
        <translation>第 {} 行，{} 列：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/programme.py" line="114"/>
        <location filename="../lifecircle_plugin/core/projects.py" line="459"/>
        <source>'{}' is not a year</source>
        <translation>“{}”不是年份</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/programme.py" line="117"/>
        <source>name the 街镇 (or the district) the target is for</source>
        <translation>请填写目标所属的街镇（或区）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/programme.py" line="127"/>
        <source>{} {} already has a target (row {})</source>
        <translation>{} 年 {} 已有目标（第 {} 行）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/programme.py" line="143"/>
        <source>must be 0 or more, not {}</source>
        <translation>应为 0 或以上，而不是 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="186"/>
        <source>'{}' is not a field of the project list (fields: {}).</source>
        <translation>“{}”不是项目清单的字段（字段：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="331"/>
        <source>A project id needs the 街镇 (subdistrict): choose the 街镇 first.</source>
        <translation>项目编号需要街镇：请先选择街镇。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="376"/>
        <source>{} cannot be saved: {}</source>
        <translation>{}无法保存：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="406"/>
        <source>{!r} is not a date</source>
        <translation>{!r} 不是日期</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="414"/>
        <source>'{}' is not a date (write it as 2026-03-01)</source>
        <translation>“{}”不是日期（请写成 2026-03-01）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="437"/>
        <source>{!r} is not a number</source>
        <translation>{!r} 不是数字</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="447"/>
        <location filename="../lifecircle_plugin/core/projects.py" line="445"/>
        <source>'{}' is not a number</source>
        <translation>“{}”不是数字</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="450"/>
        <source>{} is not a whole number</source>
        <translation>{} 不是整数</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="533"/>
        <source>{}: required, please fill it in</source>
        <translation>{}：必填，请填写</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="540"/>
        <source>{}: {} is already used by another project; ids must be unique</source>
        <translation>{}：{} 已被另一个项目使用；编号必须唯一</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="549"/>
        <source>{}: must be between {} and {}, not {}</source>
        <translation>{}：必须在 {} 到 {} 之间，而不是 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="552"/>
        <source>{}: must be {} or more, not {}</source>
        <translation>{}：必须大于等于 {}，而不是 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="561"/>
        <source>{}: '{}' is not one of {}</source>
        <translation>{}：“{}”不在 {} 之中</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="572"/>
        <source>{}: {} is a {} category, so the kind is {}, not {}</source>
        <translation>{}：{} 是{}类别，因此类型应为 {}，而不是 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="585"/>
        <source>{}: {} is before the start {} {}</source>
        <translation>{}：{} 早于开始的{} {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="599"/>
        <source>{}: a project that is {} needs its actual end date</source>
        <translation>{}：状态为{}的项目需要填写实际完工日期</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="605"/>
        <source>{}: {} for + {} against + {} abstaining = {}, not the {} voters</source>
        <translation>{}：赞成 {} + 反对 {} + 弃权 {} = {}，与投票人数 {} 不符</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="622"/>
        <source>{}: funding by source adds up to {} 万元, not {}</source>
        <translation>{}：分来源资金合计 {} 万元，不等于 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="627"/>
        <source>{}: the project is {} but {} %</source>
        <translation>{}：项目状态为{}，但进度为 {} %</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="675"/>
        <source>{} unfinished project(s) of {} roll into {}</source>
        <translation>{} 个未完成的 {} 年项目转入 {} 年</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="678"/>
        <source>{} finished stay</source>
        <translation>{} 个已完工项目保留</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="680"/>
        <source>{} cancelled stay</source>
        <translation>{} 个已取消项目保留</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="682"/>
        <source>{} already rolled over</source>
        <translation>{} 个已转入过</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="684"/>
        <source>{} without a known status left alone ({})</source>
        <translation>{} 个状态未知的项目未处理（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="686"/>
        <source>{}.</source>
        <translation>{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="712"/>
        <source>The project list has duplicate project ids: {}. Give each project its own id before rolling over; nothing was changed.</source>
        <translation>项目清单中有重复的项目编号：{}。结转前请为每个项目设置唯一编号；未做任何更改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="738"/>
        <source>{} is empty for {}: the new ids need it. Fill it in first; nothing was changed.</source>
        <translation>{} 为空的项目：{}：新编号需要它。请先填写；未做任何更改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="911"/>
        <source>{}: no 街镇 (choose a units layer, or a 街镇 field on the sites)</source>
        <translation>{}：没有街镇（请选择单元图层，或在选址结果中提供街镇字段）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="922"/>
        <source>选址推荐第 {} 位</source>
        <translation>选址推荐第 {} 位</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="924"/>
        <source>新增覆盖 {:,.0f} 人</source>
        <translation>新增覆盖 {:,.0f} 人</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="927"/>
        <source>理由：{}</source>
        <translation>理由：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="931"/>
        <source>回应居民诉求 {:g} 票</source>
        <translation>回应居民诉求 {:g} 票</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="932"/>
        <source>回应居民诉求 {:g} 票：{}</source>
        <translation>回应居民诉求 {:g} 票：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/projects.py" line="934"/>
        <source>来源：{}</source>
        <translation>来源：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="73"/>
        <source>Layer '{}', id field '{}': no value in feature ids {}. Every feature needs an id that the cost matrix uses.</source>
        <translation>图层“{}”，编号字段“{}”：要素 ID {} 没有值。每个要素都需要成本矩阵所用的编号。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="89"/>
        <source>Layer '{}', id field '{}': ids are not unique: {}. The cost matrix could not tell these features apart.</source>
        <translation>图层“{}”，编号字段“{}”：编号不唯一：{}。成本矩阵无法区分这些要素。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="123"/>
        <source>Ids {} belong to both a candidate and an existing facility: the cost matrix '{}' could not tell which is meant. Give them distinct ids.</source>
        <translation>编号 {} 同时属于候选点和现有设施：成本矩阵“{}”无法判断所指。请使用不同的编号。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="131"/>
        <source>Cost matrix '{}' (rows counted from 1, the header not included): {}.</source>
        <translation>成本矩阵“{}”（行号从 1 起算，不含表头）：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="180"/>
        <source>{} row(s) whose {} is not an id of the demand layer: rows {}</source>
        <translation>{} 行的 {} 不是需求图层的 id：行号 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="183"/>
        <source>a candidate or an existing facility</source>
        <translation>候选地块或现有设施</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="183"/>
        <source>a candidate</source>
        <translation>候选地块</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="184"/>
        <source>{} row(s) whose {} is not the id of {}: rows {}</source>
        <translation>{} 行的 {} 不是{}的 id：行号 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="187"/>
        <source>{} row(s) whose {} is empty or not a number: rows {}</source>
        <translation>{} 行的 {} 为空或不是数字：行号 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="190"/>
        <source>{} row(s) with a negative {}: rows {}</source>
        <translation>{} 行的 {} 为负数：行号 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="192"/>
        <source>candidate</source>
        <translation>候选地块</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="193"/>
        <source>existing facility</source>
        <translation>现有设施</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cost_table.py" line="196"/>
        <source>{} repeated {} pair(s) (the same {} and {} twice), rows: {}</source>
        <translation>{} 组重复的{}配对（同一 {} 与 {} 出现两次），行：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="34"/>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="43"/>
        <source>The {} has negative costs: costs are distances in metres (0 or more).</source>
        <translation>{} 中有负的成本：成本是以米计的距离（0 或以上）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="40"/>
        <source>The {} must be a 2-D demand × candidate array (got shape {}).</source>
        <translation>{} 必须是“需求点 × 候选点”的二维数组（当前形状为 {}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="59"/>
        <source>THRESHOLD must be a positive distance in metres (got {}).</source>
        <translation>THRESHOLD 必须是正的米数（当前为 {}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="76"/>
        <source>{} population values for {} demand points.</source>
        <translation>{} 个人口值对应 {} 个需求点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="78"/>
        <source>Population values must be numbers of 0 or more.</source>
        <translation>人口值必须是 0 或以上的数字。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="97"/>
        <source>{} existing-facility distances for {} demand points.</source>
        <translation>{} 个到现有设施的距离对应 {} 个需求点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="100"/>
        <source>Distances to existing facilities must be 0 or more.</source>
        <translation>到现有设施的距离必须为 0 或以上。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/costs.py" line="105"/>
        <source>The existing facilities' cost matrix has {} rows for {} demand points.</source>
        <translation>现有设施的成本矩阵有 {} 行，对应 {} 个需求点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="81"/>
        <source>The LP relaxation did not finish in time: best solution so far.</source>
        <translation>线性规划松弛未能按时完成：给出目前最好的解。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="87"/>
        <source>The LP bound equals the greedy + swap solution: proven optimal without branching.</source>
        <translation>线性规划界等于贪心加交换得到的解：无需分支即已证明最优。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="91"/>
        <source>The LP bound equals the incumbent: proven optimal without branching.</source>
        <translation>线性规划界等于当前最好解：无需分支即已证明最优。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="102"/>
        <source>{} candidate(s) reach residents not yet covered (after removing dominated ones): all of them are chosen — every reachable resident is covered; optimal.</source>
        <translation>有 {} 个候选点可覆盖尚未覆盖的居民（去除被支配的候选点后）：全部选中——所有可达居民均被覆盖；已是最优。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="108"/>
        <source>exact (reduced to all reachable)</source>
        <translation>精确（全部可达候选即为解）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="156"/>
        <source>exact (HiGHS LP bound)</source>
        <translation>精确（HiGHS 线性松弛下界）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="192"/>
        <source>LP bound and variable fixing: {} candidate(s) ruled out, {} fixed in, {} left to branch on.</source>
        <translation>线性规划界与变量固定：排除 {} 个候选点，固定选中 {} 个，剩余 {} 个待分支。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="196"/>
        <source>exact (HiGHS, LP fixing)</source>
        <translation>精确（HiGHS，线性松弛变量固定）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="274"/>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="217"/>
        <location filename="../lifecircle_plugin/core/siting/median_exact.py" line="40"/>
        <source>exact (HiGHS)</source>
        <translation>精确（HiGHS）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="221"/>
        <source>The time limit ended the search before optimality was proven: best solution found, with its gap to the best bound.</source>
        <translation>在证明最优之前已到达时间上限：给出找到的最好解及其与最优界的差距。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="274"/>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="223"/>
        <location filename="../lifecircle_plugin/core/siting/median_exact.py" line="43"/>
        <source>exact (HiGHS, time limit)</source>
        <translation>精确（HiGHS，达到时间上限）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="246"/>
        <source>Greedy's number of sites equals a lower bound: proven fewest.</source>
        <translation>贪心算法的选址数等于下界：已证明最少。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/cover_exact.py" line="273"/>
        <source>The coverage of the chosen sites is not proven maximal (time limit).</source>
        <translation>所选址点的覆盖未被证明为最大（到达时间上限）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/covering.py" line="32"/>
        <source>already_covered has {} entries for {} demand points.</source>
        <translation>already_covered 有 {} 项，对应 {} 个需求点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/covering.py" line="49"/>
        <location filename="../lifecircle_plugin/core/siting/solving.py" line="37"/>
        <source>There are no candidate sites.</source>
        <translation>没有候选点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/covering.py" line="91"/>
        <source>Every resident within reach of the candidates is already covered by the existing facilities: no new site would cover anyone new.</source>
        <translation>候选点可达范围内的居民都已被现有设施覆盖：新选址不会新增覆盖任何人。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/covering.py" line="123"/>
        <source>TARGET must be a share above 0 and at most 100 % (got {:g} %).</source>
        <translation>TARGET 必须是大于 0 且不超过 100 % 的比例（当前为 {:g} %）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/covering.py" line="134"/>
        <source>The existing facilities already cover {:.1%} of the residents, at or above the target of {:.1%}: no new site is needed.</source>
        <translation>现有设施已覆盖 {:.1%} 的居民，达到或超过目标 {:.1%}：无需新选址。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/covering.py" line="143"/>
        <source>The target of {:.1%} cannot be reached: even with every candidate site, {:.1%} of the residents would be within reach (existing facilities included). Lower TARGET, raise THRESHOLD or add candidates.</source>
        <translation>目标 {:.1%} 无法达到：即使启用所有候选点，也只有 {:.1%} 的居民在可达范围内（含现有设施）。请降低 TARGET、提高 THRESHOLD 或增加候选点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/finish.py" line="27"/>
        <source>The sites were chosen for demand weighted by the residents' needs; the figures count residents.</source>
        <translation>选址按居民需求加权后的需求人口确定；各项数字为实际居民数。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/finish.py" line="117"/>
        <source>covered population (existing + new sites)</source>
        <translation>覆盖人口（现有设施 + 新选址）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/finish.py" line="123"/>
        <source>population-weighted distance (m)</source>
        <translation>人口加权距离（m）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/finish.py" line="127"/>
        <source>number of sites</source>
        <translation>选址数量</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/median_exact.py" line="42"/>
        <source>The time limit ended the search before optimality was proven: best solution found.</source>
        <translation>在证明最优之前已到达时间上限：给出找到的最好解。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/median_exact.py" line="76"/>
        <source>Stage 1 (serving the most residents) stopped at the time limit.</source>
        <translation>第一阶段（服务最多居民）到达时间上限而停止。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/median_exact.py" line="78"/>
        <source>{} site(s) cannot bring everyone within reach: first the most residents are served ({:,.0f} of {:,.0f}), then the distance is minimised.</source>
        <translation>{} 个选址无法让所有人都在可达范围内：先服务尽可能多的居民（{:,.0f} / {:,.0f}），再使距离最小。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/milp.py" line="24"/>
        <source>The exact solver needs scipy 1.9 or newer (scipy.optimize.milp); this QGIS has scipy {}. Choose the greedy solver, or update scipy.</source>
        <translation>精确求解器需要 scipy 1.9 或更新版本（scipy.optimize.milp）；当前 QGIS 的 scipy 为 {}。请选择贪心算法，或更新 scipy。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/results.py" line="13"/>
        <source>maximal covering (MCLP)</source>
        <translation>最大覆盖（MCLP）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/results.py" line="13"/>
        <source>set covering (LSCP)</source>
        <translation>集合覆盖（LSCP）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/results.py" line="13"/>
        <source>p-median</source>
        <translation>p-中位</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="58"/>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="80"/>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="73"/>
        <source>greedy</source>
        <translation>贪心算法</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="62"/>
        <source>greedy + swaps</source>
        <translation>贪心算法 + 交换</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="74"/>
        <source>Greedy set covering: within a logarithmic factor of the fewest sites (Chvátal 1979); a lower bound from the largest single-site gains is reported as the gap.</source>
        <translation>贪心集合覆盖：设施数不超过最少设施数的对数倍（Chvátal 1979）；以单个选址最大增量得到的下界作为差距报告。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="83"/>
        <source>greedy + interchange (Teitz–Bart)</source>
        <translation>贪心算法 + 互换（Teitz–Bart）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="85"/>
        <source>p-median greedy has no constant guarantee; the gap is measured against the distance every resident would have with all candidates open (a weak lower bound).</source>
        <translation>P 中值贪心算法没有常数保证；差距相对于所有候选点都开放时每位居民的距离来衡量（较弱的下界）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="129"/>
        <source>auto: {:,} coverage entries exceed the exact budget ({:,}): greedy.</source>
        <translation>自动：{:,} 个覆盖关系超出精确求解的预算（{:,}）：改用贪心算法。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="137"/>
        <source>auto: {:,} coverage entries exceed the exact budget: greedy.</source>
        <translation>自动：{:,} 个覆盖关系超出精确求解的预算：改用贪心算法。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="144"/>
        <source>auto: {:,} assignment pairs exceed the exact budget ({:,}): greedy + interchange.</source>
        <translation>自动：{:,} 个分配对超出精确求解的预算（{:,}）：改用贪心算法 + 互换。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solvers.py" line="158"/>
        <source>Unknown solver {!r}: use auto, exact or greedy.</source>
        <translation>未知求解器 {!r}：请用 auto、exact 或 greedy。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solving.py" line="35"/>
        <source>P must be at least 1 (got {}).</source>
        <translation>P 必须至少为 1（当前为 {}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solving.py" line="39"/>
        <source>P = {} new sites, but there are only {} candidate sites: lower P or add candidates.</source>
        <translation>P = {} 个新选址，但只有 {} 个候选点：请减小 P 或增加候选点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solving.py" line="46"/>
        <source>All {:,} demand points have 0 population: there is nobody to serve, so nothing to choose. Check the population field.</source>
        <translation>全部 {:,} 个需求点人口均为 0：没有需要服务的人，无从选址。请检查人口字段。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solving.py" line="49"/>
        <source>No resident with population is within {:,.0f} m of any candidate site: nothing to choose. Check that the candidates and the residents are in the same area, the distances (network or cost matrix) and the distance limit.</source>
        <translation>没有任何有人口的居民点位于候选地块 {:,.0f} m 以内：无从选址。请检查候选地块与居民是否在同一区域、距离（路网或成本矩阵）以及距离上限。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/siting/solving.py" line="52"/>
        <source>No resident with population is able to reach any candidate site: nothing to choose. Check that the candidates and the residents are in the same area, the distances (network or cost matrix) and the distance limit.</source>
        <translation>没有任何有人口的居民点能到达候选地块：无从选址。请检查候选地块与居民是否在同一区域、距离（路网或成本矩阵）以及距离上限。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_blocks.py" line="352"/>
        <source>Layer '{}': {} block(s) lie outside every 街镇 of layer '{}' (feature ids {}). Every block needs a 街镇: extend the 街镇 polygons, or leave these blocks out, and run again.</source>
        <translation>图层“{}”：{} 个街坊位于图层“{}”的所有街镇之外（要素 ID {}）。每个街坊都需要街镇：请扩展街镇面或排除这些街坊后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_blocks.py" line="362"/>
        <source>Layer '{}': {} block(s) have no 街镇 in field '{}' (feature ids {}). Fill in the 街镇 of every block (or give 街镇 polygons instead) and run again.</source>
        <translation>图层“{}”：{} 个街坊的字段“{}”中没有街镇（要素 ID {}）。请为每个街坊填写街镇（或改为提供街镇面）后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_blocks.py" line="384"/>
        <source>Layer '{}': blocks overlap, so their residents would count twice: {}{}. Fix the block polygons (e.g. with 'Remove overlaps' or by snapping) and run again.</source>
        <translation>图层“{}”：街坊相互重叠，其居民会被重复计算：{}{}。请修正街坊面（例如用“去除重叠”或捕捉）后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="70"/>
        <source>locked by the planner</source>
        <translation>规划师锁定的单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="75"/>
        <source>the 街镇 holds only {:,.0f}</source>
        <translation>该街镇人口仅 {:,.0f}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="77"/>
        <source>its area, cut off by barriers or gaps, holds only {:,.0f}</source>
        <translation>被障碍或空隙隔开的片区人口仅 {:,.0f}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="89"/>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="79"/>
        <source>no contiguous split of its area meets both limits</source>
        <translation>无法在人口上下限内连片划分该片区</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="80"/>
        <source>below POP_MIN: {:,.0f} &lt; {:,.0f} — {}</source>
        <translation>人口低于下限 POP_MIN：{:,.0f} &lt; {:,.0f} —— {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="85"/>
        <source>block {} alone holds {:,.0f}</source>
        <translation>街坊 {} 单独就有 {:,.0f} 人</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="90"/>
        <source>above POP_MAX: {:,.0f} &gt; {:,.0f} — {}</source>
        <translation>人口高于上限 POP_MAX：{:,.0f} &gt; {:,.0f} —— {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="94"/>
        <source>block(s) {} not reachable on the walking network</source>
        <translation>街坊 {} 不在步行网络上，无法到达</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="98"/>
        <source>POP_MIN needs blocks beyond MAX_WALK of the centre</source>
        <translation>人口下限 POP_MIN 需要纳入距中心超过 MAX_WALK 的街坊</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="100"/>
        <source>no contiguous layout found that keeps both the population band and MAX_WALK</source>
        <translation>未找到同时满足人口上下限与 MAX_WALK 的连片划分</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="102"/>
        <source>beyond MAX_WALK: {:,.0f} m &gt; {:,.0f} m — {}</source>
        <translation>超出步行半径 MAX_WALK：{:,.0f} m &gt; {:,.0f} m —— {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_report.py" line="103"/>
        <source>beyond MAX_WALK — {}</source>
        <translation>超出步行半径 MAX_WALK —— {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="68"/>
        <source>{}, column 'id': preset '{}' is already defined (or reserved).</source>
        <translation>{}，“id”列：预设“{}”已定义（或为保留名）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="79"/>
        <source>{}, column '{}': needs a number above 0, got {!r}.</source>
        <translation>{}，“{}”列：需要大于 0 的数，实为 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="86"/>
        <source>{}: a minimum is above its maximum (walk {}–{} m, population {}–{}).</source>
        <translation>{}：下限大于上限（步行 {}–{} 米，人口 {}–{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="90"/>
        <source>{}, column 'status': use {}, got {!r}.</source>
        <translation>{}，“status”列：请用 {}，实为 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="93"/>
        <source>{}, column 'source': every preset names its public source.</source>
        <translation>{}，“source”列：每个预设都须注明公开来源。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="114"/>
        <source>Population band 'your own values' needs POP_MIN (and POP_MAX, unless there is no ceiling).</source>
        <translation>人口规模区间选择“自定义”时需要 POP_MIN（以及 POP_MAX，除非不设上限）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="117"/>
        <source>Your own values: {}.</source>
        <translation>自定义数值：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="120"/>
        <source>Unknown unit preset '{}': the presets are {}.</source>
        <translation>未知的单元预设“{}”：可选预设为 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="123"/>
        <source>Preset {} ({}): {:,.0f}–{:,.0f} m walk, {} — source: {} [{}].</source>
        <translation>预设 {}（{}）：步行 {:,.0f}–{:,.0f} 米，{} —— 来源：{} [{}]。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="127"/>
        <source>The preset names no population floor: every block with residents may be a unit of its own. Give POP_MIN, or lock blocks by 行政村 (LOCKED_FIELD), to group them.</source>
        <translation>该预设没有人口下限：每个有居民的街坊都可能自成一个单元。如需合并，请给出 POP_MIN，或按行政村锁定街坊（LOCKED_FIELD）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="134"/>
        <source>MAX_WALK {:,.0f} m: the preset's radius.</source>
        <translation>MAX_WALK {:,.0f} 米：预设的半径。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="135"/>
        <source>MAX_WALK {:,.0f} m: the radius of {} — source: {} [{}].</source>
        <translation>MAX_WALK {:,.0f} 米：{} 的半径 —— 来源：{} [{}]。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="140"/>
        <source>Blocks typed {} keep the {} preset's radius, {:,.0f} m [{}].</source>
        <translation>类型为{}的街坊沿用{}预设的半径 {:,.0f} 米 [{}]。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="143"/>
        <source>MAX_WALK {:,.0f} m: your value, for every block.</source>
        <translation>MAX_WALK {:,.0f} 米：您给出的值，适用于所有街坊。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="154"/>
        <source>The {} preset is chosen but the blocks have no type field (BLOCK_TYPE_FIELD): the units carry no type. Give a field with {} (or 村, 村庄, village …) to mark village units.</source>
        <translation>选择了{}预设，但街坊没有类型字段（BLOCK_TYPE_FIELD）：单元没有类型。请给出含 {}（或 村、村庄、village……）的字段以标出乡村单元。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="159"/>
        <source>The {} preset is chosen but {} block(s) have no type (feature ids {}): units made of them carry no type.</source>
        <translation>选择了{}预设，但有 {} 个街坊没有类型（要素 id {}）：由它们组成的单元没有类型。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="167"/>
        <source>at most {:,.0f} residents</source>
        <translation>至多 {:,.0f} 人</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="167"/>
        <source>no population floor or ceiling</source>
        <translation>无人口上下限</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="168"/>
        <source>{:,.0f}–{:,.0f} residents</source>
        <translation>{:,.0f}–{:,.0f} 人</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="169"/>
        <source>{:,.0f} residents or more</source>
        <translation>{:,.0f} 人及以上</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="188"/>
        <source>{}, row {}, column 'type': use {}, got {!r}.</source>
        <translation>{}，第 {} 行，“type”列：请用 {}，实为 {!r}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="192"/>
        <source>{}, row {}, column 'word': {!r} already means {}.</source>
        <translation>{}，第 {} 行，“word”列：{!r} 已表示 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="215"/>
        <source>Layer '{}', field '{}': {} block(s) have a type that is not {} nor a word for one in {}: {} (value and feature ids). They count as untyped: correct the values, or add the words to that table.</source>
        <translation>图层“{}”，字段“{}”：有 {} 个街坊的类型既不是 {}，也不是 {} 中的同义词：{}（取值与要素 id）。它们按无类型处理：请更正取值，或把这些词加入该表。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="245"/>
        <source>the walking radius of blocks typed {} must be above 0 m (got {})</source>
        <translation>类型为{}的街坊步行半径须大于 0 米（实为 {}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="247"/>
        <source>POP_MIN must be a number of residents above 0 (got {})</source>
        <translation>POP_MIN 必须是大于 0 的人口数（当前为 {}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="249"/>
        <source>POP_MAX ({:,.0f}) must be at least POP_MIN ({:,.0f})</source>
        <translation>POP_MAX（{:,.0f}）不能小于 POP_MIN（{:,.0f}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="251"/>
        <source>MAX_WALK must be a distance above 0 m (got {})</source>
        <translation>MAX_WALK 必须是大于 0 m 的距离（当前为 {}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="253"/>
        <source>the adjacency gap must be 0 m or more (got {})</source>
        <translation>相邻间隙必须不小于 0 m（当前为 {}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="255"/>
        <source>the minimum shared boundary must be 0 m or more (got {})</source>
        <translation>最小共享边界必须不小于 0 m（当前为 {}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/unit_rules.py" line="257"/>
        <source>Unit rules: {}.</source>
        <translation>单元规则：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="138"/>
        <source>Layer '{}' has no blocks.</source>
        <translation>图层“{}”中没有街坊。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="200"/>
        <source>Layer '{}': locked unit '{}' has blocks in {} 街镇 ({}; feature ids {}), but a unit never crosses a 街镇 boundary. Fix the locked labels and run again.</source>
        <translation>图层“{}”：锁定单元“{}”的街坊分属 {} 个街镇（{}；要素 ID {}），但单元不能跨越街镇边界。请修正锁定标签后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="206"/>
        <source>Layer '{}': the blocks of locked unit '{}' (feature ids {}) are not contiguous: they do not share boundaries, or a barrier without a crossing separates them. Lock contiguous blocks only and run again.</source>
        <translation>图层“{}”：锁定单元“{}”的街坊（要素 ID {}）不连续：它们不相邻，或被没有通道的阻隔分开。请只锁定相连的街坊后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="223"/>
        <source>Seed {} lies outside every block: ignored.</source>
        <translation>种子点 {} 位于所有街坊之外：已忽略。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="225"/>
        <source>Seed {} is farther than the snap tolerance from the walking network: ignored.</source>
        <translation>种子点 {} 距步行网络超过捕捉容差：已忽略。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="228"/>
        <source>Seed {} lies in block {} with seed {}: only seed {} anchors a unit there.</source>
        <translation>种子点 {} 与种子点 {} 位于同一街坊 {}：只有种子点 {} 作为该处单元的中心。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="235"/>
        <source>Seed {} lies in locked unit '{}' with seed {}: only seed {} is its centre.</source>
        <translation>种子点 {} 与种子点 {} 位于同一锁定单元“{}”：只有种子点 {} 作为其中心。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="248"/>
        <source>{} block(s) are farther than the snap tolerance from the walking network, so no walking distance reaches them (feature ids {}): their units are flagged.</source>
        <translation>{} 个街坊距步行网络超过捕捉容差，步行距离无法到达（要素 ID {}）：其所在单元已标记。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="271"/>
        <source>MAX_WALK = {:,.0f} m is too short for POP_MIN = {:,.0f}: no block has that many residents within {:,.0f} m walking in its own 街镇 (the most is {:,.0f}, around block {}), so no unit could meet both rules. Raise MAX_WALK or lower POP_MIN and run again.</source>
        <translation>MAX_WALK = {:,.0f} 米对 POP_MIN = {:,.0f} 来说太短：没有任何街坊在本街镇内 {:,.0f} 米步行范围内有这么多居民（最多为 {:,.0f}，在街坊 {} 附近），因此没有单元能同时满足两条规则。请提高 MAX_WALK 或降低 POP_MIN 后重新运行。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="458"/>
        <source>{} pair(s) of facing blocks are separated by a barrier without a crossing: they are not neighbours.</source>
        <translation>{} 对相邻街坊被没有通道的阻隔分开：它们不算相邻。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/units.py" line="463"/>
        <source>{} pair(s) of blocks across a barrier stay neighbours: the walking network crosses the barrier between them.</source>
        <translation>{} 对隔着阻隔的街坊仍算相邻：步行网络在它们之间跨越了阻隔。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/walking_network.py" line="116"/>
        <source>SNAP_TOLERANCE must be a distance of 0 m or more (got {}).</source>
        <translation>SNAP_TOLERANCE 必须是 0 米或以上的距离（当前为 {}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/core/written_values.py" line="47"/>
        <source>面积不足</source>
        <translation>面积不足</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/background.py" line="34"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/background.py" line="35"/>
        <source>LifeCircle</source>
        <translation>LifeCircle 15分钟生活圈</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="50"/>
        <source>Field by field 逐项选择</source>
        <translation>逐项选择</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="59"/>
        <source>Field 字段</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="59"/>
        <source>Started from 原值</source>
        <translation>原值</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="59"/>
        <source>Theirs 他人保存</source>
        <translation>他人保存</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="60"/>
        <source>Mine 我的</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="60"/>
        <source>Keep 采用</source>
        <translation>采用</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="76"/>
        <source>Keep mine 保留我的 (add it again)</source>
        <translation>保留我的（重新添加）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="78"/>
        <source>Keep mine 保留我的 (delete it)</source>
        <translation>保留我的（删除）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="79"/>
        <source>Keep mine 保留我的</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="83"/>
        <source>Take theirs 采用他人的 (leave it deleted)</source>
        <translation>采用他人的（保持删除）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="85"/>
        <source>Take theirs 采用他人的 (keep the project)</source>
        <translation>采用他人的（保留该项目）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="86"/>
        <source>Take theirs 采用他人的</source>
        <translation>采用他人的</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="100"/>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="101"/>
        <source>(deleted)</source>
        <translation>（已删除）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="108"/>
        <source>mine 我的</source>
        <translation>我的</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="109"/>
        <source>theirs 他人的</source>
        <translation>他人的</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="131"/>
        <source>Changed by another user 他人已修改 — {}</source>
        <translation>他人已修改 — {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="134"/>
        <source>{} project(s) were saved by another user after you started changing them. Nothing was saved yet. Choose for each project, then save.</source>
        <translation>您开始修改后，有 {} 个项目已被其他用户保存。尚未保存任何内容：请逐个项目选择处理方式，然后保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="138"/>
        <source>&lt;span style='background:#ffc7ce'&gt;&amp;nbsp;both changed&amp;nbsp;&lt;/span&gt; &lt;span style='background:#ddebf7'&gt;&amp;nbsp;only the other user&amp;nbsp;&lt;/span&gt; &lt;span style='background:#e2efda'&gt;&amp;nbsp;only you&amp;nbsp;&lt;/span&gt;</source>
        <translation>&lt;span style='background:#ffc7ce'&gt;&amp;nbsp;双方都改了&amp;nbsp;&lt;/span&gt; &lt;span style='background:#ddebf7'&gt;&amp;nbsp;仅他人改了&amp;nbsp;&lt;/span&gt; &lt;span style='background:#e2efda'&gt;&amp;nbsp;仅您改了&amp;nbsp;&lt;/span&gt;</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/conflict_dialog.py" line="158"/>
        <source>Save with these choices 按所选保存</source>
        <translation>按所选保存</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="80"/>
        <source>Coverage units (单元体检)</source>
        <translation>单元体检（设施服务覆盖结果）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="81"/>
        <source>Recommended sites (选址)</source>
        <translation>推荐选址（选址结果）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="82"/>
        <source>Potential space (潜力空间)</source>
        <translation>潜力空间（找空间结果）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="83"/>
        <source>Impact units (成效评估)</source>
        <translation>成效评估：单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="84"/>
        <source>Impact projects (成效评估)</source>
        <translation>成效评估：项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="89"/>
        <source>Export Excel ledger 导出台账 — {}</source>
        <translation>导出 Excel 台账 — {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="94"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="98"/>
        <source>Year(s) 年度</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="99"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="155"/>
        <location filename="../processing/delineate_units.py" line="295"/>
        <source>街镇</source>
        <translation>街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="101"/>
        <source>Extra sheets from results (optional)</source>
        <translation>附加成果工作表（可选）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="120"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="344"/>
        <location filename="../processing/export_ledger.py" line="89"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="123"/>
        <source>Workbook 文件</source>
        <translation>工作簿文件</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="125"/>
        <source>The ledger opens in Excel, WPS and LibreOffice. The offices fill the yellow columns and send the file back: import it with 'Import ledger updates'.</source>
        <translation>台账可用 Excel、WPS 或 LibreOffice 打开。各街镇填写黄色列后把文件发回，再用“导入台账更新”导入。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="130"/>
        <source>Export 导出</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="165"/>
        <source>Choose the workbook to write.</source>
        <translation>请选择要写入的工作簿。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="168"/>
        <source>Choose at least one year.</source>
        <translation>请至少选择一个年度。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="171"/>
        <source>Choose at least one 街镇.</source>
        <translation>请至少选择一个街镇。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="186"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="210"/>
        <source>Export ledger</source>
        <translation>导出台账</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="213"/>
        <source>{} project(s) written to {} (sheets: {}).</source>
        <translation>已将 {} 个项目写入 {}（工作表：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="214"/>
        <source>Ledger exported 台账已导出</source>
        <translation>台账已导出</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="223"/>
        <source>空行</source>
        <translation>空行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="223"/>
        <source>合计行</source>
        <translation>合计行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="223"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="232"/>
        <source>Import ledger 导入台账 — preview</source>
        <translation>导入台账 — 预览</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="236"/>
        <source>Workbook: {}</source>
        <translation>工作簿：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="238"/>
        <source> — exported {} from '{}'</source>
        <translation> — {} 导出自“{}”</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="240"/>
        <source> — into '{}'</source>
        <translation> — 导入到“{}”</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="249"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="252"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="257"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="267"/>
        <source>项目编号</source>
        <translation>项目编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="249"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="252"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="267"/>
        <source>字段</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="249"/>
        <source>原值 (QGIS)</source>
        <translation>原值 (QGIS)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="249"/>
        <source>新值 (台账)</source>
        <translation>新值 (台账)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="249"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="252"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="257"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="267"/>
        <source>行</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="249"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="257"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="267"/>
        <source>列</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="252"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="267"/>
        <source>导出时</source>
        <translation>导出时</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="252"/>
        <source>街镇填报</source>
        <translation>街镇填报</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="252"/>
        <source>QGIS 现在</source>
        <translation>QGIS 现在</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="252"/>
        <source>QGIS 中改动的字段</source>
        <translation>QGIS 中改动的字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="257"/>
        <source>工作表</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="257"/>
        <source>列名</source>
        <translation>列名</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="257"/>
        <source>问题</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="261"/>
        <source>锁定列被改动</source>
        <translation>锁定列被改动</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="263"/>
        <source>台账中缺少</source>
        <translation>台账中缺少</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="264"/>
        <source>跳过的行</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="267"/>
        <source>类型</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="267"/>
        <source>台账中</source>
        <translation>台账中</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="268"/>
        <source>Changes 改动 ({})</source>
        <translation>改动（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="269"/>
        <source>Conflicts 冲突 ({})</source>
        <translation>冲突（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="270"/>
        <source>Errors 错误 ({})</source>
        <translation>错误（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="271"/>
        <source>Not taken 未采用 ({})</source>
        <translation>未采用（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="275"/>
        <source>Notes 提示 ({})</source>
        <translation>提示（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="282"/>
        <source>Apply 写入 {} change(s)</source>
        <translation>写入 {} 处改动</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="286"/>
        <source>The workbook has errors: fix them first. Nothing can be applied.</source>
        <translation>工作簿中有错误，请先修正，目前无法写入任何改动。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="297"/>
        <source>Conflicts are projects changed in QGIS since the export: they are not applied; compare the values and edit them by hand if needed.</source>
        <translation>冲突是指导出台账后又在 QGIS 中改动过的项目：这些改动不会写入；请对照两边的值，必要时手动修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="300"/>
        <source>{} edit(s) to the planner's columns (投资估算, 项目名称 …) are not applied: see 'Not taken'.</source>
        <translation>{} 处对规划师锁定列（投资估算、项目名称等）的改动未采用：见“未采用”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="303"/>
        <source>{} exported project(s) are not in the returned workbook: nothing is deleted from the list.</source>
        <translation>{} 个导出的项目不在返回的台账中：清单中不会删除任何项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="306"/>
        <source>{} row(s) without a project (blank, totals, notes) were skipped.</source>
        <translation>已跳过 {} 个不含项目的行（空行、合计行、备注）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="308"/>
        <source>Nothing can be applied while there are errors.</source>
        <translation>存在错误时无法写入任何改动。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="343"/>
        <source>Returned ledger 导入台账</source>
        <translation>返回的台账</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="350"/>
        <source>Reading the returned ledger {}…</source>
        <translation>正在读取返回的台账 {}…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="354"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="357"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="369"/>
        <source>Import ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="354"/>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：未做任何更改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="372"/>
        <source>Ledger imported 台账已导入</source>
        <translation>台账已导入</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="373"/>
        <source>{} change(s) to {} project(s) saved in '{}'.</source>
        <translation>已将 {1} 个项目的 {0} 处改动保存到“{2}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="374"/>
        <source>{} conflict(s) not applied.</source>
        <translation>{} 处冲突未写入。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="396"/>
        <source>Open 打开</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="29"/>
        <source>Share the project list in PostGIS</source>
        <translation>在 PostGIS 中共享项目清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="30"/>
        <source>Open a shared project list from PostGIS</source>
        <translation>从 PostGIS 打开共享的项目清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="32"/>
        <source>A district that shares one list keeps it in a PostGIS database: everyone opens the same table, and the dock works the same as with a GeoPackage.</source>
        <translation>全区共用一份清单时，把它存放在 PostGIS 数据库中：大家打开同一张表，停靠面板的用法与 GeoPackage 相同。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="34"/>
        <source>Open a project list table from a PostGIS database.</source>
        <translation>从 PostGIS 数据库打开项目清单表。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="39"/>
        <source>Connection string below</source>
        <translation>使用下方的连接字符串</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="48"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="49"/>
        <source>Connection string</source>
        <translation>连接字符串</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="50"/>
        <source>Schema</source>
        <translation>模式 (Schema)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="51"/>
        <source>Table</source>
        <translation>表</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="52"/>
        <source>Copy the projects of '{}'</source>
        <translation>复制“{}”中的项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="59"/>
        <source>Points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="60"/>
        <source>Polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="61"/>
        <source>Geometry (empty list)</source>
        <translation>几何类型（空清单）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="107"/>
        <location filename="../lifecircle_plugin/plugin.py" line="167"/>
        <source>Annual project list 年度项目实施清单</source>
        <translation>年度项目实施清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="150"/>
        <source>List</source>
        <translation>清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="151"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="152"/>
        <source>Map links: units and geometry</source>
        <translation>地图关联：单元与几何来源</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="153"/>
        <location filename="../processing/delineate_units.py" line="168"/>
        <location filename="../processing/facility_coverage.py" line="155"/>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="154"/>
        <source>Unit id</source>
        <translation>单元编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="156"/>
        <source>Geometry from</source>
        <translation>几何取自</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="157"/>
        <source>Search…</source>
        <translation>搜索…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="159"/>
        <source>Roll over to next year</source>
        <translation>结转到下一年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="160"/>
        <source>From siting results…</source>
        <translation>来自选址结果…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="166"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="182"/>
        <source>Add a project…</source>
        <translation>新增项目…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="183"/>
        <source>Edit the selected project…</source>
        <translation>编辑所选项目…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="184"/>
        <source>Delete the selected projects</source>
        <translation>删除所选项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="186"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="187"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="188"/>
        <source>Save edits to the data source</source>
        <translation>将编辑保存到数据源</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="189"/>
        <source>Roll back: discard unsaved edits</source>
        <translation>回滚：放弃未保存的编辑</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="192"/>
        <source>Locate on the map: click where the project is (with one project selected it moves; otherwise a new project starts there). A polygon list takes the polygon of the 'Geometry from' layer under the click.</source>
        <translation>在地图上定位：点击项目所在位置（已选中一个项目时移动该项目，否则在该处新建项目）。面状清单取点击处“几何取自”图层中的面。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="196"/>
        <source>Take the selected feature of the 'Geometry from' layer (a parcel or a site) as the location</source>
        <translation>以“几何取自”图层中所选要素（地块或选址点）作为项目位置</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="199"/>
        <source>Fill in unit and 街镇 of the selected projects from the units layer</source>
        <translation>根据单元图层为所选项目填写所在单元和街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="201"/>
        <source>Zoom to the selected projects</source>
        <translation>缩放至所选项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="220"/>
        <source>New GeoPackage list (points)…</source>
        <translation>新建 GeoPackage 清单（点）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="222"/>
        <source>New GeoPackage list (polygons)…</source>
        <translation>新建 GeoPackage 清单（面）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="225"/>
        <source>Share the list in PostGIS…</source>
        <translation>在 PostGIS 中共享清单…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="228"/>
        <source>Open a shared list from PostGIS…</source>
        <translation>从 PostGIS 打开共享清单…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="230"/>
        <source>Export Excel ledger (台账)…</source>
        <translation>导出 Excel 台账…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="232"/>
        <source>Import ledger updates (台账)…</source>
        <translation>导入台账更新…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="235"/>
        <source>Yearly targets 年度目标…</source>
        <translation>年度目标…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="243"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="252"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="560"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="702"/>
        <source>Choose a project list first.</source>
        <translation>请先选择项目清单。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="270"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="490"/>
        <source>All years</source>
        <translation>全部年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="271"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="491"/>
        <source>All 街镇</source>
        <translation>全部街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="272"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="492"/>
        <source>All units</source>
        <translation>全部单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="273"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="494"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="274"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="370"/>
        <source>'{}' could not be prepared for shared editing ({}): saves are not checked against colleagues' saves.</source>
        <translation>无法为多人协同编辑准备“{}”（{}）：保存时不会检查同事的保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="373"/>
        <source>'{}' was prepared for shared editing (added: {}). Each save now checks that no colleague saved the same project since you started.</source>
        <translation>已为多人协同编辑准备“{}”（新增：{}）。此后每次保存都会检查：自您开始修改以来，是否有同事保存过同一项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="375"/>
        <source>the database's version check</source>
        <translation>数据库版本检查</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="419"/>
        <source>Choose a project list above, or make one with New…</source>
        <translation>请在上方选择项目清单，或点“新建…”创建一份。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="429"/>
        <source>{} (×{})</source>
        <translation>{}（×{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="430"/>
        <source>Duplicate project ids in the data: {}. Edits will not create more duplicates, and rollover waits until every project has its own id.</source>
        <translation>数据中有重复的项目编号：{}。编辑不会再产生新的重复；待每个项目都有唯一编号后才能结转。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="435"/>
        <source>Date fields stored as text: {}.</source>
        <translation>以文本存储的日期字段：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="503"/>
        <source>'{}' is not among the values of the filter {}.</source>
        <translation>“{}”不在筛选项 {} 的取值中。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="512"/>
        <source>{} of {} project(s) shown · investment {} 万元 (excl. 取消)</source>
        <translation>显示 {} / {} 个项目 · 投资 {} 万元（不含取消）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="514"/>
        <source>{}: {} · {} 万元</source>
        <translation>{}：{} 个 · {} 万元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="576"/>
        <source>{} target(s) saved.</source>
        <translation>已保存 {} 条目标。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="669"/>
        <source>The project has no location yet: use 'Locate on the map' or 'Take the selected feature'.</source>
        <translation>该项目尚无位置：请使用“在地图上定位”或“取所选要素”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="705"/>
        <source>'{}' is not a project list (see the note above).</source>
        <translation>“{}”不是项目清单（见上方说明）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="747"/>
        <source>No location yet: after saving, select the project and use 'Locate on the map' or 'Take the selected feature'.</source>
        <translation>尚无位置：保存后选中该项目，再使用“在地图上定位”或“取所选要素”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="750"/>
        <source>Location: from the map or the chosen feature; unit and 街镇 from the units layer where it lies.</source>
        <translation>位置：取自地图点击或所选要素；所在单元和街镇取自其所在的单元图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="761"/>
        <source>Add project {}</source>
        <translation>新增项目 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="766"/>
        <source>Project {} added (not saved yet: Save edits writes it).</source>
        <translation>已新增项目 {}（尚未保存：点“保存编辑”写入）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="773"/>
        <source>Select one project to edit.</source>
        <translation>请选择一个要编辑的项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="787"/>
        <source>{} is used by {} projects: give this one a new id (Generate).</source>
        <translation>{} 已被 {} 个项目使用：请为本项目生成新编号（点“生成”）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="797"/>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="68"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="904"/>
        <source>Edit project {}</source>
        <translation>编辑项目 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="802"/>
        <source>Project {} changed (not saved yet).</source>
        <translation>项目 {} 已修改（尚未保存）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="809"/>
        <source>Please check: {}</source>
        <translation>请核对：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="817"/>
        <source>Select the projects to delete.</source>
        <translation>请选择要删除的项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="821"/>
        <source>Delete projects</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="821"/>
        <source>Delete {} project(s): {}?

You can undo this; nothing is written until you save edits.</source>
        <translation>删除 {} 个项目：{}？

此操作可撤销；保存编辑之前不会写入任何内容。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="825"/>
        <source>Delete {}</source>
        <translation>删除 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="829"/>
        <source>{} project(s) deleted (not saved yet).</source>
        <translation>已删除 {} 个项目（尚未保存）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="868"/>
        <source>Not saved: your edits are still here, unsaved.</source>
        <translation>未保存：您的修改仍在，尚未保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="882"/>
        <source>Roll back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="882"/>
        <source>Discard {} unsaved change(s) to '{}'?</source>
        <translation>放弃对“{1}”的 {0} 处未保存改动？</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="885"/>
        <source>Unsaved edits discarded.</source>
        <translation>已放弃未保存的编辑。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="936"/>
        <source>This list holds polygons: choose a polygon layer (parcels) under 'Geometry from', then click inside one of its features.</source>
        <translation>本清单存储的是面：请在“几何取自”中选择一个面图层（地块），然后在其中某个要素内点击。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="946"/>
        <source>No feature of '{}' under the click.</source>
        <translation>点击处没有“{}”的要素。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="961"/>
        <source>Choose the layer to take the geometry from (parcels, siting sites) under 'Map links'.</source>
        <translation>请在“地图关联”中选择提供几何的图层（地块、选址点）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="966"/>
        <source>Select exactly one feature of '{}' ({} selected).</source>
        <translation>请在“{}”中恰好选择一个要素（当前选中 {} 个）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="971"/>
        <source>The selected feature of '{}' has no geometry.</source>
        <translation>“{}”中所选要素没有几何。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1004"/>
        <source>Locate project {}</source>
        <translation>定位项目 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1008"/>
        <source>Project {} located{}.</source>
        <translation>项目 {} 已定位{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1009"/>
        <source> in unit {} ({})</source>
        <translation>，位于单元 {}（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1025"/>
        <source>Choose the units layer under 'Map links'.</source>
        <translation>请在“地图关联”中选择单元图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1033"/>
        <source>Fill unit and 街镇 of {} project(s)</source>
        <translation>填写 {} 个项目的单元和街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1046"/>
        <source>Unit and 街镇 filled in for {} project(s); {} without a location inside a unit.</source>
        <translation>已为 {} 个项目填写单元和街镇；{} 个项目的位置不在任何单元内。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1062"/>
        <source>The list has no projects to roll over.</source>
        <translation>清单中没有可结转的项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1069"/>
        <source>{} unfinished project(s) of {} (谋划/前期/在建) roll into {} with new ids linked to the old ones; {} finished and {} cancelled stay; {} already rolled over.</source>
        <translation>{1} 年度的 {0} 个未完成项目（谋划/前期/在建）将结转到 {2} 年度，新编号与原编号关联；{3} 个已完成项目和 {4} 个已取消项目保留不动；{5} 个已结转过。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1076"/>
        <source>Roll over to {}</source>
        <translation>结转到 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1077"/>
        <source>The new projects go into the edit buffer: check them, then save (or undo).</source>
        <translation>新项目会进入编辑缓冲区：请核对后保存（或撤销）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1087"/>
        <source>{} project(s) copied into {}, linked to their {} ids — not saved yet.</source>
        <translation>已将 {} 个项目复制到 {} 年度，并与其 {} 年度的编号关联 — 尚未保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1112"/>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="100"/>
        <source>Choose the layer of chosen sites.</source>
        <translation>请选择选址结果图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1121"/>
        <source>No sites to turn into projects: select the chosen sites of '{}' first.</source>
        <translation>没有可转为项目的选址点：请先在“{}”中选中入选的选址点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1139"/>
        <source>No draft projects: {}</source>
        <translation>未生成项目草稿：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1145"/>
        <source>'{}' holds polygons but the sites are points: choose a point list, or take the sites' parcels.</source>
        <translation>“{}”存储的是面，而选址结果是点：请选择点状清单，或改用选址点所在的地块。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1148"/>
        <source>Draft {} project(s) from '{}'</source>
        <translation>由“{1}”生成 {0} 个项目草稿</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1155"/>
        <source>{} draft project(s) (谋划) from '{}' — check names and content, then save.</source>
        <translation>已由“{1}”生成 {0} 个项目草稿（谋划）— 请核对名称和建设内容后保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1158"/>
        <source>Skipped: {}</source>
        <translation>已跳过：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1165"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1181"/>
        <source>New project list</source>
        <translation>新建项目清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1165"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1182"/>
        <source>{} exists: name of the new table in it</source>
        <translation>{} 已存在：请输入在其中新建的表名</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1194"/>
        <source>New project list '{}' in {}.</source>
        <translation>已在 {1} 中新建项目清单“{0}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1205"/>
        <source>Save or roll back the edits of '{}' first.</source>
        <translation>请先保存或回滚“{}”的编辑。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1215"/>
        <source>The list is shared as {}.{}.</source>
        <translation>清单已共享为 {}.{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="65"/>
        <source>Basics</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="66"/>
        <source>Implementation</source>
        <translation>实施安排</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="67"/>
        <source>Consultations 一图三会</source>
        <translation>一图三会</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="68"/>
        <source>New project</source>
        <translation>新增项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="74"/>
        <source>year-街镇-sequence, e.g. 2026-东湖-003</source>
        <translation>年度-街镇-序号，例如 2026-东湖-003</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="75"/>
        <source>万元, e.g. 120.5</source>
        <translation>万元，例如 120.5</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="76"/>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="77"/>
        <source>0–100</source>
        <translation>0–100</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="78"/>
        <source>e.g. 2026</source>
        <translation>例如 2026</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="80"/>
        <source>万元</source>
        <translation>万元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="100"/>
        <source>Save to list</source>
        <translation>保存到清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="226"/>
        <source>{}: choose the 街镇 first, the id needs it</source>
        <translation>{}：请先选择街镇，编号需要用到它</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_model.py" line="193"/>
        <source>Remarks: {}</source>
        <translation>备注：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_model.py" line="195"/>
        <source>Continues {}</source>
        <translation>延续自 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="46"/>
        <source>Draft projects from siting results</source>
        <translation>由选址结果生成项目草稿</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="47"/>
        <source>Each chosen site becomes a draft project (status 谋划) with its category, kind and why it was chosen (rank, newly covered residents, reason). The field guesses below can be changed.</source>
        <translation>每个入选的选址点生成一个项目草稿（状态为“谋划”），带上其设施类别、项目类型和入选理由（排序、新增覆盖人口、理由）。下方字段的自动识别结果可以修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="58"/>
        <source>(none: skip sites without a category)</source>
        <translation>（无：跳过没有类别的选址点）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="103"/>
        <source>{} site(s) of '{}' will become draft projects.</source>
        <translation>“{1}”中的 {0} 个选址点将生成项目草稿。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_dialog.py" line="32"/>
        <source>Yearly targets 年度目标</source>
        <translation>年度目标</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_dialog.py" line="38"/>
        <source>The programme office's targets for each year: per 街镇, or for the whole district (its name, e.g. 示例区). The dock and the ledger's 汇总 sheet compare them with the list. Kept {}.</source>
        <translation>各年度的项目目标：按街镇，或全区（填区名，例如 示例区）。项目清单面板和台账的“汇总”表将其与清单对照。保存在{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_dialog.py" line="50"/>
        <source>Add a row</source>
        <translation>添加一行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_dialog.py" line="51"/>
        <source>Remove the selected rows</source>
        <translation>删除所选行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_panel.py" line="36"/>
        <source>Started</source>
        <translation>开工</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_panel.py" line="36"/>
        <source>Completed</source>
        <translation>完工</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_panel.py" line="36"/>
        <source>Investment 万元</source>
        <translation>投资（万元）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_panel.py" line="36"/>
        <source>{} targets</source>
        <translation>{} 年目标</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_panel.py" line="48"/>
        <source>By category (started/completed):</source>
        <translation>按类别（开工/完工）：</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/targets_panel.py" line="59"/>
        <source>{} {}: started {}/{}, completed {}/{}, investment {:,.0f}/{} 万元</source>
        <translation>{} {}：开工 {}/{}，完工 {}/{}，投资 {:,.0f}/{} 万元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="106"/>
        <source>Yearly targets: {} row(s), compared in the 汇总 sheet.</source>
        <translation>年度目标：{} 行，已在“汇总”表中对照。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="123"/>
        <source>'{}' holds no project: nothing to export.</source>
        <translation>“{}”中没有项目：无可导出。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="126"/>
        <source>Year: {} (the latest in the list; set YEARS to choose others, 0 for all).</source>
        <translation>年度：{}（清单中最新的年度；设置 YEARS 可选择其他年度，0 为全部）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="132"/>
        <source>No project of '{}' matches year(s) {} and 街镇 {}. The list has years {} and 街镇 {}.</source>
        <translation>“{}”中没有符合年度 {} 和街镇 {} 的项目。清单中的年度为 {}，街镇为 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="133"/>
        <location filename="../lifecircle_plugin/ledger_io.py" line="134"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="139"/>
        <source>No project in 街镇 {}.</source>
        <translation>街镇 {} 中没有项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="148"/>
        <source>Ledger written: {} — {} project(s) in {} 街镇, investment {:,.2f} 万元; sheets: {}.</source>
        <translation>台账已写出：{0} — {2} 个街镇的 {1} 个项目，投资 {3:,.2f} 万元；工作表：{4}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="202"/>
        <source>'{}' has unsaved edits: save or roll them back first, then import the ledger (its changes are saved all together, without mixing in other edits).</source>
        <translation>“{}”有未保存的编辑：请先保存或回滚，再导入台账（台账的改动会一次性全部保存，不与其他编辑混在一起）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="217"/>
        <source>The import has {} error(s): nothing was changed.</source>
        <translation>导入中有 {} 处错误：未做任何修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="227"/>
        <source>Project(s) {} are no longer in '{}': nothing was changed.</source>
        <translation>项目 {} 已不在“{}”中：未做任何修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="236"/>
        <source>Editing '{}' could not start: nothing was changed.</source>
        <translation>无法开始编辑“{}”：未做任何修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="240"/>
        <source>Import ledger ({} projects)</source>
        <translation>导入台账（{} 个项目）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="243"/>
        <source>Applying the ledger to '{}' failed ({}): everything was rolled back, nothing was changed.</source>
        <translation>将台账写入“{}”失败（{}）：已全部回滚，未做任何修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="313"/>
        <location filename="../lifecircle_plugin/ledger_io.py" line="298"/>
        <source>Saving the ledger's changes to '{}' failed: {}. Everything was rolled back, nothing was changed.</source>
        <translation>保存台账改动到“{}”失败：{}。已全部回滚，未做任何修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="304"/>
        <source>'{}' kept changing while the ledger was saved: nothing was changed; import it again.</source>
        <translation>保存台账时“{}”仍在不断变化：未做任何修改；请重新导入。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/ledger_io.py" line="314"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save.py" line="283"/>
        <source>'{}' is not a versioned GeoPackage or PostGIS table.</source>
        <translation>“{}”不是带版本号的 GeoPackage 或 PostGIS 表。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save.py" line="288"/>
        <source>Columns were added, removed or renamed in this editing session: save them with Layer › Save Layer Edits (the table's columns change only that way).</source>
        <translation>本次编辑中增加、删除或重命名了字段：请用“图层 › 保存图层编辑”保存（表的字段只能这样修改）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save.py" line="348"/>
        <source>Project id(s) {} are already in the list (another planner saved them since you started): nothing was saved. Undo your addition or give the projects new ids, then save again.</source>
        <translation>项目编号 {} 已在清单中（您开始修改后已有其他规划师保存）：未保存任何内容。请撤销您的添加或改用新编号，然后重新保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_gpkg.py" line="30"/>
        <source>{} has no table {} any more.</source>
        <translation>{} 中已没有表 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_gpkg.py" line="33"/>
        <source>the transaction could not start</source>
        <translation>无法开始事务</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_gpkg.py" line="39"/>
        <source>the GeoPackage is locked</source>
        <translation>GeoPackage 已被锁定</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_gpkg.py" line="54"/>
        <source>project {} could not be changed</source>
        <translation>项目 {} 无法修改</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_gpkg.py" line="58"/>
        <source>feature {} could not be deleted</source>
        <translation>要素 {} 无法删除</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_gpkg.py" line="67"/>
        <source>project {} could not be added</source>
        <translation>项目 {} 无法添加</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_gpkg.py" line="72"/>
        <source>the commit failed</source>
        <translation>提交失败</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_gpkg.py" line="82"/>
        <source>Another planner saved the same project at the same moment: nothing was written; save again to see what changed.</source>
        <translation>另一位规划师在同一时刻保存了同一项目：未写入任何内容；请重新保存以查看改动。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_save_postgis.py" line="42"/>
        <source>Another planner saved the same project at the same moment: nothing was written; save again.</source>
        <translation>另一位规划师在同一时刻保存了同一项目：未写入任何内容；请重新保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_schema.py" line="118"/>
        <location filename="../lifecircle_plugin/list_targets.py" line="101"/>
        <source>Cannot open the GeoPackage {} for writing (read-only, or missing?).</source>
        <translation>无法以写入方式打开 GeoPackage {}（只读，或文件不存在？）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_schema.py" line="119"/>
        <location filename="../lifecircle_plugin/list_targets.py" line="83"/>
        <source>Cannot open the GeoPackage {}.</source>
        <translation>无法打开 GeoPackage {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_schema.py" line="163"/>
        <source>The column {} could not be added to {}: {}</source>
        <translation>无法添加字段 {}（{}）：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_schema.py" line="289"/>
        <source>The database server cannot be reached (is it running, and is the network up?). Nothing was saved.</source>
        <translation>无法连接数据库服务器（服务器是否在运行，网络是否正常？）。未保存任何内容。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_schema.py" line="292"/>
        <source>The database refused: your database role may not change this table (ask its owner).</source>
        <translation>数据库拒绝：您的数据库角色无权修改此表（请联系表的所有者）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_schema.py" line="335"/>
        <source>'{}' has unsaved edits: save or roll them back, then open the list again to upgrade it.</source>
        <translation>“{}”有未保存的修改：请先保存或回滚，再重新打开清单以完成升级。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="31"/>
        <source>The targets were not saved: {}</source>
        <translation>目标未保存：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="90"/>
        <source>The targets table {} in {} has values that cannot be read: {}</source>
        <translation>{1} 中的目标表 {0} 有无法读取的值：{2}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="109"/>
        <source>The GeoPackage {} is busy (another program writes to it); try again.</source>
        <translation>GeoPackage {} 正被占用（另一程序正在写入）；请稍后再试。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="119"/>
        <source>The target {} {} could not be written to {}.</source>
        <translation>目标 {} {} 无法写入 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="125"/>
        <source>The targets could not be saved in {}.</source>
        <translation>目标无法保存到 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="146"/>
        <source>The targets table {} has values that cannot be read: {}</source>
        <translation>目标表 {} 有无法读取的值：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="195"/>
        <source>in the QGIS project (save the project to keep them)</source>
        <translation>QGIS 工程中（请保存工程以保留）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="197"/>
        <source>table {} in {}</source>
        <translation>{1} 的表 {0}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/list_targets.py" line="198"/>
        <source>table {}</source>
        <translation>表 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="83"/>
        <source>1 Prepare walking network… 步行网络</source>
        <translation>1 准备步行网络…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="84"/>
        <source>2 Delineate life-circle units… 划示基本单元</source>
        <translation>2 划示生活圈基本单元…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="85"/>
        <source>3 Residents from census and buildings… 人口到建筑</source>
        <translation>3 人口分配到建筑（普查 → 居民点）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="86"/>
        <source>4 Residents' needs… 问需求计</source>
        <translation>4 居民需求（问需求计）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="87"/>
        <source>5 Facility coverage (体检)… 十全/十美</source>
        <translation>5 设施服务覆盖体检（十全/十美）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="88"/>
        <source>6 Potential space… 找空间</source>
        <translation>6 找空间（潜力空间）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="89"/>
        <source>7 Siting recommendations… 选址</source>
        <translation>7 选址推荐…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="90"/>
        <source>8 Project impact (before/after)… 项目成效</source>
        <translation>8 项目成效评估（实施前后）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="91"/>
        <source>9 Compare coverage year over year… 监测评估</source>
        <translation>9 覆盖逐年对比（监测评估）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="92"/>
        <source>Export Excel ledger… 导出台账</source>
        <translation>导出 Excel 台账…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="93"/>
        <source>Import ledger updates… 导入台账</source>
        <translation>导入台账更新…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="94"/>
        <source>Convert GCJ-02 / BD-09 coordinates… 坐标转换</source>
        <translation>GCJ-02 / BD-09 坐标转换…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="170"/>
        <source>LifeCircle tools in the Processing toolbox</source>
        <translation>处理工具箱中的 LifeCircle 工具</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="173"/>
        <source>Open the sample district 示例区</source>
        <translation>打开示例区</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="175"/>
        <source>About LifeCircle</source>
        <translation>关于 LifeCircle</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="247"/>
        <source>The Processing toolbox is not available: enable the 'Processing' core plugin (Plugins › Manage and Install Plugins › Installed).</source>
        <translation>处理工具箱不可用：请启用核心插件“Processing”（插件 › 管理并安装插件 › 已安装）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="259"/>
        <source>The sample district is missing from this install.</source>
        <translation>本次安装中缺少示例区数据。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="265"/>
        <source>Open the sample district 示例区? Unsaved changes to the current project will be lost.</source>
        <translation>打开示例区？当前项目中未保存的改动将会丢失。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="273"/>
        <source>The sample district could not be copied to your folder {}: {}</source>
        <translation>无法将示例区复制到您的文件夹 {}：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="278"/>
        <source>The sample district 示例区 was copied to {}: your edits are saved there.</source>
        <translation>示例区已复制到 {}：您的编辑将保存在那里。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="290"/>
        <source>LifeCircle {}

Tools for the 15-minute community life circle (15分钟社区生活圈): walking network, basic units, 十全/十美 facility coverage, potential space, siting, project list and ledgers. Algorithms are in the Processing toolbox under 'LifeCircle'.</source>
        <translation>LifeCircle {}

15分钟社区生活圈规划工具：步行网络、生活圈基本单元划示、十全/十美设施服务覆盖体检、潜力空间、选址、年度项目实施清单与台账。各算法位于处理工具箱的“LifeCircle”下。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="140"/>
        <source>'{}' is not a vector layer, so it cannot be a project list.</source>
        <translation>“{}”不是矢量图层，不能作为项目清单。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="144"/>
        <source>'{}' is not a project list: {} field(s) missing: {}.</source>
        <translation>“{}”不是项目清单：缺少 {} 个字段：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="147"/>
        <source>{} is {}, should be {}</source>
        <translation>{} 为 {}，应为 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="149"/>
        <source>Fields of the wrong type: {}.</source>
        <translation>字段类型不符：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="151"/>
        <source>Create a new list (New…) or pick a layer with the project-list schema.</source>
        <translation>请新建一份清单（“新建…”），或选择符合项目清单结构的图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="194"/>
        <source>'{}' is read-only (Project › Properties › Data Sources, or the data source itself): you can browse and filter the projects, but not change them.</source>
        <translation>“{}”为只读（见 项目 › 属性 › 数据源，或数据源本身）：可以浏览和筛选项目，但不能修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="197"/>
        <source>add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="198"/>
        <source>change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="199"/>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="202"/>
        <source>'{}' is read-only: its data source does not allow to {} features (no write access to the file or database table?). You can browse and filter the projects, but not change them.</source>
        <translation>“{}”为只读：其数据源不允许{}要素（没有文件或数据库表的写权限？）。可以浏览和筛选项目，但不能修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="270"/>
        <source>计划完工 must not be before 计划开工 (end date ≥ start date)</source>
        <translation>计划完工不得早于计划开工（完工日期 ≥ 开工日期）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="273"/>
        <source>{}: one of the list</source>
        <translation>{}：须为列表中的值</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="276"/>
        <source>{}: between {} and {}</source>
        <translation>{}：须在 {} 与 {} 之间</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="278"/>
        <source>{}: {} or more</source>
        <translation>{}：不小于 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="312"/>
        <source>其他</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="369"/>
        <source>{} cannot store styles</source>
        <translation>{} 不能存储样式</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="379"/>
        <source>LifeCircle project list: form, aliases, constraints</source>
        <translation>LifeCircle 项目清单：表单、别名、约束</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="395"/>
        <source>Geometry must be 'point' or 'polygon', not '{}'.</source>
        <translation>几何类型必须是 'point' 或 'polygon'，而不是“{}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="413"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="559"/>
        <source>Choose a coordinate reference system for the new project list.</source>
        <translation>请为新项目清单选择坐标参考系。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="421"/>
        <source>The new project list {} could not be opened.</source>
        <translation>无法打开新建的项目清单 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="444"/>
        <source>Cannot write the GeoPackage {} (is it open elsewhere, or read-only?).</source>
        <translation>无法写入 GeoPackage {}（文件是否在别处打开，或为只读？）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="449"/>
        <source>{} already has a layer '{}'. Choose another name, or overwrite it.</source>
        <translation>{} 中已有图层“{}”。请换一个名称，或覆盖它。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="458"/>
        <source>GDAL could not create the layer '{}' in {}.</source>
        <translation>GDAL 无法在 {1} 中创建图层“{0}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="467"/>
        <source>GDAL could not create the field {} in {}.</source>
        <translation>GDAL 无法在 {1} 中创建字段 {0}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="507"/>
        <source>QGIS's PostgreSQL provider is not available (install qgis-providers).</source>
        <translation>QGIS 的 PostgreSQL 数据提供者不可用（请安装 qgis-providers）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="533"/>
        <source>'{}' has duplicate project ids ({}): fix them before sharing the list.</source>
        <translation>“{}”中有重复的项目编号（{}）：请先修正再共享清单。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="542"/>
        <source>{} project(s) of '{}' break the list's rules, fix them before sharing it: {}</source>
        <translation>“{1}”中有 {0} 个项目不符合清单规则，请先修正再共享：{2}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="565"/>
        <source>The table {} already exists. Choose another name, or overwrite it.</source>
        <translation>表 {} 已存在。请换一个名称，或覆盖它。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="571"/>
        <source>Exporting the project list to PostGIS failed: {}</source>
        <translation>将项目清单导出到 PostGIS 失败：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="587"/>
        <source>The table {} was created but its constraints could not be set: {}</source>
        <translation>表 {} 已创建，但无法设置其约束：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="617"/>
        <source>Cannot open the PostGIS table {}.{} on {}: {}</source>
        <translation>无法打开 {2} 上的 PostGIS 表 {0}.{1}：{3}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="619"/>
        <source>not reachable, or no such table</source>
        <translation>无法连接，或表不存在</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="638"/>
        <source>Cannot connect to the PostGIS database: {}</source>
        <translation>无法连接 PostGIS 数据库：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="809"/>
        <source>Editing '{}' could not start.</source>
        <translation>无法开始编辑“{}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="817"/>
        <source>'{}' has no field {}: the list needs its upgrade, which could not be made ({}).</source>
        <translation>“{}”没有字段 {}：清单需要升级，但未能完成（{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="820"/>
        <source>it has unsaved edits</source>
        <translation>有未保存的修改</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="822"/>
        <source>The field {} could not be added to '{}'.</source>
        <translation>无法向“{1}”添加字段 {0}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="899"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="851"/>
        <source>Project {}</source>
        <translation>项目 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="856"/>
        <source>Add project</source>
        <translation>新增项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="870"/>
        <source>The projects could not be added to '{}'.</source>
        <translation>无法将项目添加到“{}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="890"/>
        <source>Feature {} is not in '{}' any more.</source>
        <translation>要素 {} 已不在“{}”中。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="914"/>
        <source>Project {} could not be changed.</source>
        <translation>无法修改项目 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="917"/>
        <source>The location of project {} could not be changed.</source>
        <translation>无法修改项目 {} 的位置。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="939"/>
        <source>'{}' has no field {}</source>
        <translation>“{}”没有字段 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="942"/>
        <source>project {}: {} could not be changed</source>
        <translation>项目 {}：无法修改 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="947"/>
        <source>project {}: updated_at could not be set</source>
        <translation>项目 {}：无法设置 updated_at</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="959"/>
        <source>Delete {} project(s)</source>
        <translation>删除 {} 个项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="962"/>
        <source>The projects could not be deleted from '{}'.</source>
        <translation>无法从“{}”中删除项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="972"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="975"/>
        <source>Nothing to save.</source>
        <translation>没有需要保存的内容。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="979"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="998"/>
        <source>Changes to '{}' saved.</source>
        <translation>对“{}”的改动已保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="985"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="1006"/>
        <source>the data source refused the changes</source>
        <translation>数据源拒绝了这些改动</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="988"/>
        <source>Saving '{}' failed: {}. Nothing is lost: {} change(s) are still in the edit buffer; fix the cause (e.g. reconnect to the database) and save again, or roll back.</source>
        <translation>保存“{}”失败：{}。没有丢失任何内容：{} 处改动仍在编辑缓冲区中；请排除原因（例如重新连接数据库）后再次保存，或回滚。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="1001"/>
        <source> … and {} more.</source>
        <translation> …… 另有 {} 个。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="1002"/>
        <source>Nothing was saved: {} project(s) were changed by another user since you started. {}{} Choose for each (keep mine, take theirs, or field by field), then save again.</source>
        <translation>未保存任何内容：自您开始修改以来，有 {} 个项目已被其他用户修改。{}{} 请逐个选择（保留我的、采用他人的或逐项选择），然后重新保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="1032"/>
        <source>Roll over {} → {}</source>
        <translation>结转 {} → {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="1043"/>
        <source>'{}' holds polygons: take the polygon of a parcel or a site, not a point.</source>
        <translation>“{}”存储的是面：请取地块或选址点的面，而不是点。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="38"/>
        <source>1 · Walking network</source>
        <translation>1 · 步行网络</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="39"/>
        <source>2 · Basic units</source>
        <translation>2 · 生活圈基本单元</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="40"/>
        <source>3 · Facility coverage</source>
        <translation>3 · 设施服务覆盖</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="41"/>
        <source>4 · Potential space and siting</source>
        <translation>4 · 潜力空间与选址</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="42"/>
        <source>5 · Projects and ledgers</source>
        <translation>5 · 项目清单与台账</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="43"/>
        <source>Residents: population and needs</source>
        <translation>居民：人口与需求</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="44"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="92"/>
        <source>Units of type {}: profile {}</source>
        <translation>{}类单元：配置 {}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="149"/>
        <source>The age-group field is not used: {}</source>
        <translation>未使用该年龄人群字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="155"/>
        <source>Measured over the residents they serve (group fields of layer '{}'): {}</source>
        <translation>按服务人群计算（图层“{}”的人群字段）：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="159"/>
        <source>Layer '{}' has no field {} for the residents that {} serve: measured over all residents (lifecircle:distributepopulation writes these fields).</source>
        <translation>图层“{}”没有字段 {}（{} 的服务人群）：按全体居民计算（lifecircle:distributepopulation 会写出这些字段）。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="175"/>
        <source>Layer '{}': {} facilities got their category from a keyword in their '{}' value, not from a code or an exact type name — check them: {}</source>
        <translation>图层“{}”：{} 个设施的类别来自其“{}”值中的关键词（而非编码或完整类型名），请核对：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="463"/>
        <source>LifeCircle stopped on an unexpected error: {}: {}</source>
        <translation>LifeCircle 因意外错误而停止：{}：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="474"/>
        <source>The results could not be moved into place: {}</source>
        <translation>结果未能写入目标位置：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="486"/>
        <source>Cancelled: no output was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="587"/>
        <source>The output '{}' ({}) would overwrite the input '{}' ({}) of this run. Choose another file (or another table name) for the output; nothing was written.</source>
        <translation>输出“{}”（{}）会覆盖本次运行的输入“{}”（{}）。请为输出另选文件（或另取表名）；未写出任何内容。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="670"/>
        <source>Layer '{}': {} feature(s) with invalid geometry (feature ids {}), e.g. self-intersecting polygons. Fix them (Vector › Geometry Tools › Fix Geometries), or change the Processing setting 'Invalid features filtering' to skip or ignore them.</source>
        <translation>图层“{}”：{} 个要素的几何无效（要素 ID {}），例如自相交的面。请修复（矢量 › 几何工具 › 修复几何），或将处理设置“无效要素过滤”改为跳过或忽略。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="700"/>
        <source>Walking network (lines)</source>
        <translation>步行网络（线）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="704"/>
        <source>Streets and paths people walk on. Geographic layers are measured in a local projected CRS.</source>
        <translation>人们步行的街道和通道。地理坐标图层会换算到当地投影坐标系中量算。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="711"/>
        <source>Road class field</source>
        <translation>道路等级字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="716"/>
        <source>Field holding the road class (OSM 'highway'). Lines whose class is in the excluded list are left out. If the layer has no such field, every line is used.</source>
        <translation>存放道路等级的字段（OSM 的 'highway'）。等级在排除列表中的线不参与分析。图层没有该字段时，所有线都参与。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="723"/>
        <source>Excluded classes (comma separated)</source>
        <translation>排除的道路等级（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="726"/>
        <source>Road classes nobody walks on: expressways, elevated roads and their ramps by default.</source>
        <translation>无人步行的道路等级：默认为快速路、高架路及其匝道。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="732"/>
        <source>Walkable flag field</source>
        <translation>可步行标记字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="734"/>
        <source>Optional field: lines with 0/false/no/否 are left out, empty values are kept.</source>
        <translation>可选字段：值为 0/false/no/否 的线不参与分析，空值保留。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="741"/>
        <source>Split lines where they cross (centre-line data)</source>
        <translation>在线相交处打断（道路中心线数据）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="743"/>
        <source>On for centre-line data whose streets cross without a shared vertex; off for data already noded like OpenStreetMap, where bridges cross roads without meeting them.</source>
        <translation>适用于街道相交处没有共享节点的道路中心线数据时打开；OpenStreetMap 等已在路口建立节点的数据请关闭，以免桥梁与其下穿过的道路被错误连通。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="750"/>
        <source>Node tolerance (m)</source>
        <translation>节点容差（米）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="752"/>
        <source>Line ends closer than this are joined (each join is reported). 0 disables joining.</source>
        <translation>端点间距小于此值的线会被连接（每处连接都会记录）。0 表示不连接。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="760"/>
        <source>Snap tolerance (m)</source>
        <translation>捕捉容差（米）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="763"/>
        <source>Points join the nearest walkable line within this distance; the access distance counts. Points farther away are listed, never snapped.</source>
        <translation>点在此距离内接入最近的可步行线，接入距离计入步行距离。更远的点会被列出，绝不强行捕捉。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="780"/>
        <source>network</source>
        <translation>步行网络</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="784"/>
        <source>Layer '{}' is a {} layer: the walking network must be a line layer.</source>
        <translation>图层“{}”是{}图层：步行网络必须是线图层。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="789"/>
        <source>Layer '{}' (walking network) is empty.</source>
        <translation>图层“{}”（步行网络）为空。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="831"/>
        <source>Layer '{}' has no '{}' field: every line is treated as walkable.</source>
        <translation>图层“{}”没有“{}”字段：所有线都视为可步行。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="834"/>
        <source>Layer '{}' has no field '{}' (road class). Fields: {}</source>
        <translation>图层“{}”没有字段“{}”（道路等级）。现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="841"/>
        <source>Network '{}': {} features read, {} used, {} excluded by class, {} not walkable.</source>
        <translation>步行网络“{}”：读取 {} 个要素，使用 {} 个，按道路等级排除 {} 个，不可步行 {} 个。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="847"/>
        <source>Network '{}': {} feature(s) without geometry were skipped (feature ids {}).</source>
        <translation>步行网络“{}”：{} 个要素没有几何，已跳过（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="855"/>
        <source>{} nodes, {} edges, {:.0f} m in all; {} connected components, the largest holds {:.1%} of the length; {} dangles; {} nodes merged within the node tolerance ({} gaps closed); {} duplicate and {} zero-length edges dropped; {} crossing nodes added.</source>
        <translation>{} 个节点、{} 条边，总长 {:.0f} 米；{} 个连通分量，最大分量占总长的 {:.1%}；{} 个悬挂点；在节点容差内合并节点 {} 个（弥合断口 {} 处）；删除重复边 {} 条、零长度边 {} 条；新增交叉节点 {} 个。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="867"/>
        <source>  joined a gap of {:.2f} m at ({:.1f}, {:.1f})</source>
        <translation>  在 ({1:.1f}, {2:.1f}) 处弥合了 {0:.2f} 米的断口</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="870"/>
        <source>  … and {} more joins</source>
        <translation>  … 另有 {} 处连接</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="886"/>
        <source>Residents' needs (output of 'Residents' needs')</source>
        <translation>居民需求（“居民需求”的输出）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="889"/>
        <source>Extra weight where residents asked</source>
        <translation>居民提出需求处的加权</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="890"/>
        <source>Residents count 1 + this many times for a category where enough of them asked for it (LifeCircle's interpretation: no standard sets it).</source>
        <translation>居民对某类设施提出足够多的需求时，该处居民按 1 + 此值 倍计（LifeCircle 的解释取值，无标准规定）。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="893"/>
        <source>Needs for the full extra weight</source>
        <translation>达到满额加权的需求数</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="894"/>
        <source>Weighted needs within a category's walking threshold at which the extra weight is full (fewer: in proportion).</source>
        <translation>类别步行阈值范围内的加权需求数达到此值时加权满额（不足时按比例）。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="909"/>
        <source>residents × (1 + {:g} × min(needs asked within the category's threshold, {:g}) / {:g})</source>
        <translation>居民数 × (1 + {:g} × min(类别阈值范围内的需求数, {:g}) / {:g})</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="923"/>
        <location filename="../processing/export_ledger.py" line="134"/>
        <location filename="../processing/resident_needs.py" line="120"/>
        <source>needs</source>
        <translation>需求</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="927"/>
        <source>Layer '{}' has no field lc_codes: give the needs output of 'Residents' needs' (lifecircle:residentneeds) as NEEDS.</source>
        <translation>图层“{}”没有字段 lc_codes：请将“居民需求”（lifecircle:residentneeds）的需求输出作为 NEEDS。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="937"/>
        <source>Layer '{}' holds no need with a category: NEEDS changes nothing in this run.</source>
        <translation>图层“{}”中没有带类别的需求：本次运行中 NEEDS 不起作用。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="939"/>
        <source>Needs '{}': {} needs with a category ({:g} weighted); weights: {}.</source>
        <translation>需求“{}”：{} 条有类别的需求（加权 {:g}）；权重：{}。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="31"/>
        <source>Compare coverage (year over year)</source>
        <translation>覆盖逐年对比（监测评估）</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="43"/>
        <source>Coverage before (units output)</source>
        <translation>之前的覆盖结果（单元输出）</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="44"/>
        <source>The units output of an earlier 'Facility coverage' run.</source>
        <translation>较早一次“设施服务覆盖”运行的单元输出。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="46"/>
        <source>Coverage after (units output)</source>
        <translation>之后的覆盖结果（单元输出）</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="47"/>
        <source>The units output of the later run (its geometry is used).</source>
        <translation>较晚一次运行的单元输出（采用其几何）。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="49"/>
        <location filename="../processing/facility_coverage.py" line="228"/>
        <location filename="../processing/resident_needs.py" line="88"/>
        <source>Unit id field</source>
        <translation>单元编号字段</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="51"/>
        <source>Field that identifies a unit in both layers.</source>
        <translation>在两个图层中标识单元的字段。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="53"/>
        <source>Change by unit</source>
        <translation>各单元的变化</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="55"/>
        <source>Change by unit and category (table)</source>
        <translation>各单元各类别的变化（表）</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="57"/>
        <source>Units with more 十全 categories met</source>
        <translation>十全达标类别增加的单元数</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="58"/>
        <source>Units with fewer 十全 categories met</source>
        <translation>十全达标类别减少的单元数</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="64"/>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="65"/>
        <source>after</source>
        <translation>之后</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="75"/>
        <location filename="../processing/compare_coverage.py" line="77"/>
        <source>Units only in '{}': {}</source>
        <translation>仅在“{}”中出现的单元：{}</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="83"/>
        <source>{} unit(s) gained 十全 categories met, {} lost some.</source>
        <translation>{} 个单元的十全达标类别增加，{} 个单元有所减少。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="95"/>
        <source>Layer '{}' has no field '{}' (unit id).</source>
        <translation>图层“{}”没有字段“{}”（单元编号）。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="99"/>
        <source>Layer '{}' is not a units output of 'Facility coverage': it has no c_Q01… share fields or no q_met field.</source>
        <translation>图层“{}”不是“设施服务覆盖”的单元输出：缺少 c_Q01… 覆盖比例字段或 q_met 字段。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="112"/>
        <source>Layer '{}': feature {} has no unit id.</source>
        <translation>图层“{}”：要素 {} 没有单元编号。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="115"/>
        <source>Layer '{}': unit id '{}' appears twice.</source>
        <translation>图层“{}”：单元编号“{}”出现了两次。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="174"/>
        <source>{} measured over different residents in '{}' and '{}' (age groups in one run only): compared over all residents.</source>
        <translation>{} 在“{}”和“{}”中按不同人群计算（仅一期有年龄人群）：按全体居民比较。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="176"/>
        <source>everyone</source>
        <translation>全体居民</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="27"/>
        <source>Convert Chinese coordinates (GCJ-02 / BD-09 ⇄ WGS 84)</source>
        <translation>中国坐标转换（GCJ-02 / BD-09 ⇄ WGS 84）</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="46"/>
        <source>Input layer</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="48"/>
        <source>Any vector layer in a geographic (longitude/latitude) CRS, e.g. POIs downloaded from AMap.</source>
        <translation>任意采用地理（经纬度）坐标参考系的矢量图层，例如从高德下载的 POI。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="51"/>
        <source>Coordinates of the input</source>
        <translation>输入图层的坐标</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="53"/>
        <source>GCJ-02 for AMap/高德 and Tencent data, BD-09 for Baidu data, WGS 84 for GPS and OSM.</source>
        <translation>高德和腾讯数据为 GCJ-02，百度数据为 BD-09，GPS 和 OSM 数据为 WGS 84。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="56"/>
        <source>Convert to</source>
        <translation>转换为</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="58"/>
        <source>WGS 84 for analysis with survey, planning and OpenStreetMap data.</source>
        <translation>与测绘、规划和 OpenStreetMap 数据一起分析时选 WGS 84。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="62"/>
        <source>Converted layer</source>
        <translation>转换后的图层</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="66"/>
        <source>Features converted</source>
        <translation>已转换的要素数</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="67"/>
        <source>Features outside China (left unchanged)</source>
        <translation>位于中国境外的要素数（保持不变）</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="68"/>
        <source>Features partly outside China</source>
        <translation>部分位于中国境外的要素数</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="69"/>
        <source>Features without geometry</source>
        <translation>没有几何的要素数</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="85"/>
        <source>The input is already in {}: choose a different target coordinate system.</source>
        <translation>输入已经是 {}：请选择不同的目标坐标系。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="112"/>
        <source>input</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="152"/>
        <source>Layer '{}' has no coordinate reference system. Set it to the geographic CRS its longitudes and latitudes are in (usually EPSG:4326) in Layer Properties › Source, and run again.</source>
        <translation>图层“{}”没有坐标参考系。请在 图层属性 › 源 中将其设为经纬度所在的地理坐标参考系（通常为 EPSG:4326），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="159"/>
        <source>Layer '{}' is in {} ({}), a projected CRS. GCJ-02 and BD-09 are shifts of longitude and latitude: use the layer as downloaded, in a geographic CRS such as EPSG:4326 (WGS 84) or EPSG:4490 (CGCS2000).</source>
        <translation>图层“{}”采用 {}（{}），这是投影坐标系。GCJ-02 和 BD-09 是对经纬度的加偏：请使用下载时原样的图层，即采用 EPSG:4326（WGS 84）或 EPSG:4490（CGCS2000）等地理坐标参考系。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="162"/>
        <location filename="../processing/convert_coords.py" line="168"/>
        <source>a custom CRS</source>
        <translation>自定义坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="167"/>
        <source>Layer '{}' is in {} ({}): its coordinates are taken as {} longitudes and latitudes as they are.</source>
        <translation>图层“{}”采用 {}（{}）：其坐标按原样视为 {} 经纬度。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="230"/>
        <source>Layer '{}', feature {}: could not move vertex {} of its geometry.</source>
        <translation>图层“{}”，要素 {}：无法移动其几何的第 {} 个节点。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="262"/>
        <source>Could not write feature {} of layer '{}': {}</source>
        <translation>无法写出图层“{1}”的要素 {0}：{2}</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="275"/>
        <source>Layer '{}': {} feature(s) converted from {} to {}.</source>
        <translation>图层“{}”：已将 {} 个要素从 {} 转换为 {}。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="282"/>
        <source>{} feature(s) lie outside China, where GCJ-02 and BD-09 equal WGS 84, and were left unchanged (feature ids {}).</source>
        <translation>{} 个要素位于中国境外（该处 GCJ-02 和 BD-09 与 WGS 84 相同），保持不变（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="290"/>
        <source>{} feature(s) cross the edge of China's bounding box: their vertices outside it were left unchanged (feature ids {}).</source>
        <translation>{} 个要素跨越中国外包框的边界：框外的节点保持不变（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="297"/>
        <source>{} feature(s) without geometry (null or empty) passed through unchanged (feature ids {}).</source>
        <translation>{} 个要素没有几何（空或为 NULL），原样输出（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="45"/>
        <source>Shanghai central city 上海主城区: 30,000–50,000 residents, 1,000 m</source>
        <translation>上海主城区：3–5 万人，1,000 米</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="46"/>
        <source>Shanghai new towns 上海新城: 20,000 residents or more, 1,500 m</source>
        <translation>上海新城：2 万人及以上，1,500 米</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="47"/>
        <source>GB 50180-2018 15-minute life circle 十五分钟生活圈: 50,000–100,000 residents, 1,000 m</source>
        <translation>GB 50180-2018 十五分钟生活圈：5–10 万人，1,000 米</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="48"/>
        <source>Your own values (POP_MIN / POP_MAX below)</source>
        <translation>自定义（下方的 POP_MIN / POP_MAX）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="49"/>
        <source>Shanghai new market towns 上海新市镇: 20,000 residents or more, 5,000 m</source>
        <translation>上海新市镇：2 万人及以上，5,000 米</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="50"/>
        <source>Shanghai villages 上海乡村: no population floor, 3,000 m on foot or by bicycle</source>
        <translation>上海乡村：无人口下限，步行或骑行 3,000 米</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="56"/>
        <source>Delineate life-circle units (划示基本单元)</source>
        <translation>划示生活圈基本单元</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="87"/>
        <source>Blocks (居委 / 居住街坊)</source>
        <translation>街坊（居委 / 居住街坊）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="88"/>
        <source>The areas units are made of: 居委 areas or residential blocks, not overlapping.</source>
        <translation>组成单元的基本面：居委辖区或居住街坊，互不重叠。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="90"/>
        <location filename="../processing/distribute_population.py" line="69"/>
        <location filename="../processing/facility_coverage.py" line="222"/>
        <location filename="../processing/potential_space.py" line="177"/>
        <location filename="../processing/siting.py" line="114"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="91"/>
        <source>Residents of each block (0 or more).</source>
        <translation>每个街坊的居民人数（不小于 0）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="93"/>
        <source>Block name or id field</source>
        <translation>街坊名称或编号字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="94"/>
        <source>Names blocks in messages and centres (default: the feature id).</source>
        <translation>在提示信息和单元中心中用于称呼街坊（默认：要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="96"/>
        <source>Block type field (居住/商务/产业/乡村)</source>
        <translation>街坊类型字段（居住/商务/产业/乡村）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="98"/>
        <source>Optional: a unit's type is the type holding most of its residents. Values are read through resources/rules/unit_types.csv (住宅, R, residential → 居住; 商业, 办公, B → 商务; 工业, M → 产业; 村, 村庄, village → 乡村); other values are named in the log and count as untyped. Without MAX_WALK, blocks typed 乡村 keep the 乡村 preset's walking radius.</source>
        <translation>可选：单元类型取其居民最多的类型。取值经 resources/rules/unit_types.csv 识别（住宅、R、residential → 居住；商业、办公、B → 商务；工业、M → 产业；村、村庄、village → 乡村）；其他取值在日志中列出并按无类型处理。未给 MAX_WALK 时，类型为乡村的街坊沿用乡村预设的步行半径。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="103"/>
        <source>街镇 polygons</source>
        <translation>街镇面</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="104"/>
        <source>Subdistricts / towns: a unit never crosses their boundaries. Each block belongs to the 街镇 it overlaps most. Give these or a 街镇 field on the blocks.</source>
        <translation>街道/镇的范围：单元绝不跨越其边界。每个街坊归属与其重叠面积最大的街镇。请提供街镇面，或在街坊上提供街镇字段。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="107"/>
        <source>街镇 name field</source>
        <translation>街镇名称字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="108"/>
        <source>Field with the 街镇 name (default: a field called 'name', else the feature id).</source>
        <translation>存放街镇名称的字段（默认：名为 'name' 的字段，否则为要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="110"/>
        <source>…or 街镇 field on the blocks</source>
        <translation>…或街坊上的街镇字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="111"/>
        <source>Field on the blocks with their 街镇 (used when no 街镇 polygons are given).</source>
        <translation>街坊图层中记录所属街镇的字段（未提供街镇面时使用）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="113"/>
        <source>Barriers (expressways, railways, rivers)</source>
        <translation>障碍（快速路、铁路、河流）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="115"/>
        <source>Lines that separate blocks: two blocks on either side are not neighbours unless a walkable line of the network crosses the barrier between them (a bridge or an underpass).</source>
        <translation>分隔街坊的线：两侧的街坊不视为相邻，除非步行网络中有可步行的线在两者之间跨越该障碍（桥梁或地下通道）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="119"/>
        <source>Seeds (existing centres, optional)</source>
        <translation>种子点（现有中心，可选）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="121"/>
        <source>Points such as existing 党群服务中心 or one-stop centres: each anchors its own unit and is its centre (one per block; seeds outside every block are ignored with a message).</source>
        <translation>例如现有党群服务中心或一站式综合服务中心等点位：每个种子点锚定一个单元并作为其中心（每个街坊至多一个；位于所有街坊之外的种子点会被忽略并给出提示）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="124"/>
        <source>Seed name field</source>
        <translation>种子点名称字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="125"/>
        <source>Names the centre of seeded units (default: the feature id).</source>
        <translation>用于命名以种子点为中心的单元的中心（默认：要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="127"/>
        <source>Locked unit field</source>
        <translation>锁定单元字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="128"/>
        <source>Blocks a planner has already assigned: blocks with the same value form one unit that keeps them (and keeps the value as its unit_id); empty values are free. Locked blocks must be contiguous and in one 街镇.</source>
        <translation>规划师已划定的街坊：取值相同的街坊组成一个单元并保持不变（该值即为其 unit_id）；空值的街坊可自由划分。锁定的街坊必须空间连续且位于同一街镇内。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="132"/>
        <source>Population band</source>
        <translation>人口规模区间</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="133"/>
        <source>Residents per unit and walking radius by area type: Shanghai's central city (主城区), new towns (新城), new market towns (新市镇) and villages (乡村), GB 50180-2018's 15-minute life circle, or your own values. Each preset's values and public source, and whether it is a draft or an interpretation, are in resources/rules/unit_presets.csv (see resources/rules/README.md); the log names the source used.</source>
        <translation>按地区类型设定单元人口与步行半径：上海主城区、新城、新市镇和乡村，GB 50180-2018 十五分钟生活圈，或自定义数值。各预设的数值、公开来源以及是否为征求意见稿或解读，见 resources/rules/unit_presets.csv（说明见 resources/rules/README.md）；日志会写明所用来源。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="138"/>
        <source>POP_MIN: at least this many residents per unit</source>
        <translation>POP_MIN：每个单元至少的居民人数</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="139"/>
        <source>With 'your own values', or to override the preset's floor.</source>
        <translation>选择“自定义”时使用，或用于覆盖预设的下限。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="141"/>
        <source>POP_MAX: at most this many residents per unit</source>
        <translation>POP_MAX：每个单元至多的居民人数</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="142"/>
        <source>With 'your own values' (empty: no ceiling), or to override the preset's ceiling.</source>
        <translation>选择“自定义”时使用（留空表示不设上限），或用于覆盖预设的上限。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="144"/>
        <source>MAX_WALK: walking distance from the centre to every block (m)</source>
        <translation>MAX_WALK：中心到各街坊的步行距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="146"/>
        <source>Empty: the preset's radius (with your own values, GB 50180-2018's 1,000 m), and blocks typed 乡村 keep the 乡村 preset's. A value here applies to every block.</source>
        <translation>留空：用预设的半径（自定义数值时用 GB 50180-2018 的 1,000 米），类型为乡村的街坊沿用乡村预设的半径。此处填写的值适用于所有街坊。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="149"/>
        <source>Adjacency gap (m)</source>
        <translation>邻接间隙（米）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="150"/>
        <source>Blocks whose boundaries are closer than this are neighbours: slivers between 居委 polygons, or the streets and river corridors between blocks.</source>
        <translation>边界间距小于此值的街坊视为相邻：如居委面之间的碎缝，或街坊之间的街道和河道。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="153"/>
        <source>Minimum shared boundary (m)</source>
        <translation>最小共享边界（米）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="154"/>
        <source>Blocks touching along less than this (e.g. only at a corner) are not neighbours.</source>
        <translation>相接长度小于此值（例如仅在角点相接）的街坊不视为相邻。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="156"/>
        <source>Locked units may take other blocks</source>
        <translation>锁定单元可纳入其他街坊</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="157"/>
        <source>Off: a locked unit is exactly its locked blocks. On: free blocks may join it.</source>
        <translation>关闭：锁定单元恰好由其锁定的街坊组成。打开：未锁定的街坊可以并入。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="159"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="160"/>
        <source>The search restarts from randomised centres: the same seed gives the same units.</source>
        <translation>搜索会从随机选取的中心重新开始：相同的随机种子得到相同的单元。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="162"/>
        <location filename="../processing/facility_coverage.py" line="225"/>
        <location filename="../processing/resident_needs.py" line="85"/>
        <source>Life-circle units</source>
        <translation>生活圈基本单元</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="164"/>
        <source>Blocks with their unit</source>
        <translation>街坊及其所属单元</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="166"/>
        <source>Unit centres</source>
        <translation>单元中心</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="169"/>
        <source>Units meeting every rule</source>
        <translation>满足全部规则的单元数</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="198"/>
        <source>blocks</source>
        <translation>街坊</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="200"/>
        <source>Layer '{}' (blocks) is empty.</source>
        <translation>图层“{}”（街坊）为空。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="237"/>
        <source>Rules: {:,.0f}–{} residents per unit, every block within {:,.0f} m of the centre.</source>
        <translation>规则：每个单元 {:,.0f}–{} 人，每个街坊距中心不超过 {:,.0f} 米。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="251"/>
        <source>No walking network: walking distances are straight lines between the blocks' representative points, and barriers are never crossed.</source>
        <translation>未提供步行网络：步行距离按街坊代表点之间的直线距离计算，且障碍始终不可跨越。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="253"/>
        <source>straight lines</source>
        <translation>直线距离</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="307"/>
        <source>Give the 街镇: either 街镇 polygons (ADMIN) or a 街镇 field on the blocks (ADMIN_FIELD). A unit never crosses a 街镇 boundary.</source>
        <translation>请提供街镇：街镇面（ADMIN）或街坊上的街镇字段（ADMIN_FIELD）。单元绝不跨越街镇边界。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="316"/>
        <location filename="../processing/potential_space.py" line="432"/>
        <source>barriers</source>
        <translation>障碍</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="330"/>
        <source>seeds</source>
        <translation>种子点</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="349"/>
        <source>{} places where walkable lines cross a barrier (bridges, underpasses).</source>
        <translation>可步行的线跨越障碍之处 {} 个（桥梁、地下通道）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="367"/>
        <source>{} units in {} 街镇 ({} walking distances); {} meet every rule.</source>
        <translation>{1} 个街镇中划示 {0} 个单元（步行距离：{2}）；{3} 个满足全部规则。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="395"/>
        <source>seed {}</source>
        <translation>种子点 {}</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="421"/>
        <source>Could not write unit {}: {}</source>
        <translation>无法写出单元 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="25"/>
        <source>Floor area (footprint × floors)</source>
        <translation>建筑面积（占地 × 层数）</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="26"/>
        <source>Footprint area</source>
        <translation>占地面积</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="27"/>
        <source>One share per building</source>
        <translation>每栋一份</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="43"/>
        <source>Distribute population to buildings (census → resident points)</source>
        <translation>人口分配到建筑（普查 → 居民点）</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="63"/>
        <source>Census polygons</source>
        <translation>普查单元面</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="64"/>
        <source>Polygons with a population each (居委, 小区, census tracts); they must not overlap.</source>
        <translation>各有人口数的面（居委、小区、普查区）；不得重叠。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="66"/>
        <source>Census polygon id field</source>
        <translation>普查单元编号字段</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="67"/>
        <source>Names each polygon in the output and in messages (default: the feature id).</source>
        <translation>在输出和提示中标识各面（默认：要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="71"/>
        <source>Residents of each polygon (0 or more).</source>
        <translation>各面的居民人数（0 或以上）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="74"/>
        <source>Residents aged {} (field)</source>
        <translation>{} 岁居民（字段）</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="76"/>
        <source>Count of the polygon's residents in the age group (part of its population).</source>
        <translation>该面中此年龄段的居民人数（总人口的一部分）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="77"/>
        <source>Buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="78"/>
        <source>Building footprints.</source>
        <translation>建筑基底面。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="80"/>
        <source>Floors field</source>
        <translation>层数字段</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="81"/>
        <source>Number of storeys of each building.</source>
        <translation>各建筑的层数。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="83"/>
        <source>Height field (m)</source>
        <translation>高度字段（米）</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="85"/>
        <source>Building height in metres, used where the floors field is empty (floors = height ÷ storey height).</source>
        <translation>建筑高度（米），层数字段为空时使用（层数 = 高度 ÷ 层高）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="87"/>
        <source>Storey height (m)</source>
        <translation>层高（米）</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="88"/>
        <source>Metres per storey when floors come from the height (3 m: the usual planning figure; GB 50096-2011 §5.5.1 allows dwellings up to 2.8 m plus the slab).</source>
        <translation>由高度推算层数时每层的米数（3 米：规划常用值；GB 50096-2011 第 5.5.1 条规定住宅层高不宜高于 2.8 米，另加楼板）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="91"/>
        <source>Building use field</source>
        <translation>建筑用途字段</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="92"/>
        <source>Building use; only buildings whose use is a residential value count. Without it every building counts.</source>
        <translation>建筑用途；只计用途为居住类的建筑。不选则计所有建筑。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="95"/>
        <source>Residential use values (comma-separated)</source>
        <translation>居住用途取值（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="96"/>
        <source>Values of the use field that mean people live there (compared ignoring case and full-width letters).</source>
        <translation>用途字段中表示有人居住的取值（比较时忽略大小写和全角字母）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="99"/>
        <source>Share population by</source>
        <translation>人口分配依据</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="100"/>
        <source>Floor area needs floors or height; footprint suits low-rise areas without floors; one share per building suits address points drawn as small polygons.</source>
        <translation>建筑面积需要层数或高度；占地面积适用于无层数的低层地区；每栋一份适用于以小面表示的地址点。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="103"/>
        <location filename="../processing/distribute_population.py" line="104"/>
        <source>Resident points</source>
        <translation>居民点</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="105"/>
        <source>Residents placed</source>
        <translation>已分配居民数</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="130"/>
        <source>census polygons</source>
        <translation>普查单元面</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="131"/>
        <source>buildings</source>
        <translation>建筑</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="134"/>
        <location filename="../processing/facility_coverage.py" line="393"/>
        <location filename="../processing/potential_space.py" line="284"/>
        <location filename="../processing/resident_needs.py" line="122"/>
        <location filename="../processing/siting.py" line="274"/>
        <source>Layer '{}' is empty.</source>
        <translation>图层“{}”为空。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="143"/>
        <source>Sharing by floor area needs the buildings' floors or height: choose the floors field or the height field of layer '{}', or share by footprint area.</source>
        <translation>按建筑面积分配需要建筑层数或高度：请选择图层“{}”的层数字段或高度字段，或改按占地面积分配。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="152"/>
        <source>Layer '{}': its fields {} are left out of the output, which writes its own.</source>
        <translation>图层“{}”：其字段 {} 未写入输出（输出写入自己的同名字段）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="185"/>
        <source>No age-group fields chosen: the resident points carry the population only.</source>
        <translation>未选择年龄人群字段：居民点只带总人口。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="199"/>
        <source>Layer '{}': {:,} of {:,} buildings are residential by '{}'; other uses left out: {}</source>
        <translation>图层“{}”：{:,} / {:,} 栋建筑按“{}”为居住用途；未计入的其他用途：{}</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="203"/>
        <source>Layer '{}': no building has a residential use in field '{}' (values found: {}). Add the residential values to RESIDENTIAL_VALUES.</source>
        <translation>图层“{}”：字段“{}”中没有居住用途的建筑（现有取值：{}）。请在 RESIDENTIAL_VALUES 中加入居住用途取值。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="221"/>
        <source>Layer '{}': {} residential building(s) have no usable floors or height and count as one storey (feature ids {}).</source>
        <translation>图层“{}”：{} 栋居住建筑没有可用的层数或高度，按一层计（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="226"/>
        <source>Layer '{}': {} building(s) with an invalid polygon were repaired before measuring (feature ids {}).</source>
        <translation>图层“{}”：{} 栋建筑的面无效，计算前已修复（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="230"/>
        <source>Layer '{}': {} residential building(s) have no polygon and are left out (feature ids {}).</source>
        <translation>图层“{}”：{} 栋居住建筑没有面，未计入（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="234"/>
        <source>Layer '{}': {} residential building(s) lie in no census polygon and are left out (feature ids {}).</source>
        <translation>图层“{}”：{} 栋居住建筑不在任何普查单元内，未计入（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="240"/>
        <source>Layer '{}': {} polygon(s) have no residential building; their residents are placed on a point inside the polygon, flagged (polygons {}).</source>
        <translation>图层“{}”：{} 个面内没有居住建筑；其居民放在面内一点上并加标记（面 {}）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="246"/>
        <source>Layer '{}': {} polygon(s) have a population that is not a whole number; it is rounded (polygons {}).</source>
        <translation>图层“{}”：{} 个面的人口不是整数，已取整（面 {}）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="250"/>
        <source>{:,} residents placed on {:,} points ({} buildings across two or more polygons were shared by area).</source>
        <translation>{:,} 名居民分配到 {:,} 个点（{} 栋跨两个及以上面的建筑按面积拆分）。</translation>
    </message>
    <message>
        <location filename="../processing/distribute_population.py" line="271"/>
        <source>no residential building in the census polygon: its residents on a point inside it</source>
        <translation>普查单元内没有居住建筑：其居民放在面内一点上</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="22"/>
        <source>Export Excel ledger (台账)</source>
        <translation>导出 Excel 台账</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="41"/>
        <location filename="../processing/import_ledger.py" line="53"/>
        <location filename="../processing/project_impact.py" line="49"/>
        <source>Project list (年度项目实施清单)</source>
        <translation>项目清单（年度项目实施清单）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="42"/>
        <source>The annual project list layer (GeoPackage or PostGIS) with the LifeCircle project schema.</source>
        <translation>采用 LifeCircle 项目清单结构的年度项目实施清单图层（GeoPackage 或 PostGIS）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="44"/>
        <source>Year(s) (empty = latest, 0 = all)</source>
        <translation>年度（留空 = 最新，0 = 全部）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="45"/>
        <source>Which years to export: empty for the latest year in the list, 0 or 'all' for every year, or e.g. 2026, 2025,2026 or 2024-2026.</source>
        <translation>要导出的年度：留空为清单中最新的年度，0 或 'all' 为全部年度，或如 2026、2025,2026 或 2024-2026。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="48"/>
        <source>街镇 (empty = all)</source>
        <translation>街镇（留空 = 全部）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="49"/>
        <source>Comma-separated 街镇 names for a ledger of some 街镇 only (东湖 matches 东湖街道).</source>
        <translation>以逗号分隔的街镇名称，只导出这些街镇的台账（东湖 可匹配 东湖街道）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="51"/>
        <source>Coverage units (Facility coverage result)</source>
        <translation>覆盖单元（设施服务覆盖结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="53"/>
        <source>The units output of 'Facility coverage' (c_Q01… shares, missing_q/missing_m): adds 单元体检 and the gaps of 缺项与选址.</source>
        <translation>“设施服务覆盖”的单元输出（c_Q01… 覆盖比例、missing_q/missing_m）：增加单元体检工作表以及缺项与选址中的缺项。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="56"/>
        <source>Coverage target for the 单元体检 colours (%)</source>
        <translation>单元体检着色的覆盖率目标（%）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="58"/>
        <source>A category counts as met in a unit when at least this share of its residents is within walking distance (the profile's target by default; use the value the coverage was computed with).</source>
        <translation>单元中某类别的居民在步行距离内的比例不低于此值时视为达标（默认为配置标准的目标；请使用计算覆盖时采用的数值）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="62"/>
        <source>Recommended sites (Siting result)</source>
        <translation>推荐选址（选址结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="63"/>
        <source>Chosen sites of 'Siting' (lc_rank, new_pop, cum_pop …, with the candidates' own fields): listed in 缺项与选址.</source>
        <translation>“选址推荐”选出的选址点（lc_rank、new_pop、cum_pop 等，以及候选点自身的字段）：列入缺项与选址。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="66"/>
        <source>Category of the sites (e.g. Q05)</source>
        <translation>选址的设施类别（如 Q05）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="67"/>
        <source>The checklist category the siting run was for (its output has no category field).</source>
        <translation>该次选址所针对的清单类别（选址输出中没有类别字段）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="69"/>
        <source>Potential space (Potential space result)</source>
        <translation>潜力空间（找空间结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="71"/>
        <source>Parcels scored by 'Potential space' (rank, score, reason): the ranked parcels go to 潜力空间.</source>
        <translation>“潜力空间”评分后的地块（rank、score、reason）：排序后的地块写入潜力空间工作表。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="73"/>
        <source>Impact units (Project impact or Compare coverage result)</source>
        <translation>成效单元（项目成效或覆盖对比结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="75"/>
        <source>Units output of 'Project impact' (cb_/ca_ shares, q_met_b/q_met_a, new_pop) or of 'Compare coverage' (dc_ changes): per-unit before/after in 成效评估.</source>
        <translation>“项目成效评估”的单元输出（cb_/ca_ 覆盖比例、q_met_b/q_met_a、new_pop）或“覆盖逐年对比”的输出（dc_ 变化）：逐单元的前后对比写入成效评估。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="78"/>
        <source>Impact projects (Project impact result)</source>
        <translation>成效项目（项目成效评估结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="80"/>
        <source>Projects output of 'Project impact' (new_alone, new_ordered, lc_reason): per-project residents newly covered in 成效评估.</source>
        <translation>“项目成效评估”的项目输出（new_alone、new_ordered、lc_reason）：各项目新增覆盖的居民写入成效评估。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="83"/>
        <source>Residents' needs (Residents' needs result)</source>
        <translation>居民需求（“居民需求”的结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="85"/>
        <source>Needs output of 'Residents' needs' (lc_codes, lc_text, unit_id): adds 需求 — what was asked where, and which projects of the list answer it (of its category, within the category's walking threshold, straight line).</source>
        <translation>“居民需求”的需求输出（lc_codes、lc_text、unit_id）：增加“需求”工作表——在哪里提出了什么，以及清单中回应它的项目（同类别、在该类别步行阈值的直线距离内）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="89"/>
        <source>Ledger workbook</source>
        <translation>台账工作簿</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="90"/>
        <source>The .xlsx file to send to the district offices.</source>
        <translation>发给各街镇的 .xlsx 文件。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="91"/>
        <source>Projects exported</source>
        <translation>导出的项目数</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="92"/>
        <source>Investment exported (万元)</source>
        <translation>导出的投资额（万元）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="102"/>
        <source>Choose the workbook to write (OUTPUT).</source>
        <translation>请选择要写入的工作簿（OUTPUT）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="136"/>
        <source>Layer '{}' has no field lc_codes: give the needs output of 'Residents' needs'.</source>
        <translation>图层“{}”没有字段 lc_codes：请使用“居民需求”的需求输出。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="53"/>
        <source>Automatic: checklist codes, AMap (高德) types and OSM tags</source>
        <translation>自动：清单代码、高德类型和 OSM 标签</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="54"/>
        <source>Checklist codes only (Q01…M10)</source>
        <translation>仅清单代码（Q01…M10）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="55"/>
        <source>AMap (高德) type codes and names</source>
        <translation>高德类型代码和名称</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="56"/>
        <source>OpenStreetMap tags</source>
        <translation>OpenStreetMap 标签</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="58"/>
        <source>WGS 84 / CGCS2000 (no conversion)</source>
        <translation>WGS 84 / CGCS2000（不转换）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="58"/>
        <source>GCJ-02 (AMap 高德, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="59"/>
        <source>BD-09 (Baidu 百度)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="101"/>
        <source>Facility coverage (十全/十美 checklist)</source>
        <translation>设施服务覆盖（十全/十美清单）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="136"/>
        <source>The needs output of 'Residents' needs': each unit's unmet categories are ranked by the residents beyond reach, counted more where they asked for the category (gaps_ranked), and the needs asked in each unit are counted (nd_Q01…).</source>
        <translation>“居民需求”的需求输出：各单元未达标的类别按步行范围外的居民数排序，居民提出需求处加权计（gaps_ranked），并统计各单元提出的需求（nd_Q01…）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="140"/>
        <source>Service area width either side of the street (m)</source>
        <translation>服务范围向街道两侧延伸的宽度（米）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="141"/>
        <source>How far from the reachable streets the service-area polygons extend.</source>
        <translation>服务范围面从可达街道向外延伸的距离。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="144"/>
        <source>Residents with walking distances</source>
        <translation>居民点及步行距离</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="147"/>
        <source>Units: 十全/十美 coverage</source>
        <translation>单元：十全/十美覆盖</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="149"/>
        <source>Facilities with residents served</source>
        <translation>设施及服务居民数</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="152"/>
        <source>Service areas per category</source>
        <translation>各类别服务范围</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="154"/>
        <source>Units meeting the 十全 target</source>
        <translation>达到十全目标的单元数</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="156"/>
        <source>Share of residents covered, by category (JSON)</source>
        <translation>各类别的居民覆盖比例（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="162"/>
        <source>One-stop centre functions field</source>
        <translation>一站式中心功能字段</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="163"/>
        <source>The functions a flagged centre hosts: checklist codes or category names separated by ; , 、 or spaces (e.g. Q01;Q02;Q05 or 党群服务、为老服务). The centre's own category counts too.</source>
        <translation>标记为中心的设施所含功能：类别编码或名称，以 ; , 、 或空格分隔（例如 Q01;Q02;Q05 或 党群服务、为老服务）。中心自身的类别也计入。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="167"/>
        <source>Facilities within this distance of a centre are part of it (m)</source>
        <translation>距中心此距离内的设施视为中心的一部分（米）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="169"/>
        <source>Facilities this close (straight line) to a flagged one-stop centre count as its functions (the same building) and not as N points. 30 m is a planning default, not a standard value.</source>
        <translation>与标记的一站式中心直线距离在此以内的设施计为中心的功能（同一建筑），不算作 N 个站点。30 米是规划上的默认值，不是标准规定值。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="172"/>
        <source>N points linked within this walk of the centre (m)</source>
        <translation>N 个站点与中心的连通步行距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="174"/>
        <source>An N point is linked to its unit's one-stop centre when the walk between them along the network is at most this. Empty: the profile's small_point_link_m (Shanghai: 1,000 m, the 15-minute walk).</source>
        <translation>N 个站点与其单元一站式中心沿路网的步行距离不超过此值即为连通。留空：用配置的 small_point_link_m（上海：1,000 米，即 15 分钟步行）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="178"/>
        <source>Unit type field</source>
        <translation>单元类型字段</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="179"/>
        <source>Field with each unit's type (居住 / 商务 / 产业 / 乡村; 'Delineate units' writes unit_type). With profiles by unit type, each unit is judged by its type's profile.</source>
        <translation>各单元类型所在字段（居住 / 商务 / 产业 / 乡村；“划示基本单元”会写出 unit_type）。设置按单元类型的配置后，每个单元按其类型的配置评价。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="182"/>
        <source>Profiles by unit type (e.g. 乡村=national)</source>
        <translation>按单元类型的配置（例如 乡村=national）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="183"/>
        <source>Unit types judged by another profile: type=profile pairs separated by ; — a bundled profile id (shanghai, national) or the path of a profile CSV, e.g. 乡村=national; 产业=D:/体检/industrial.csv. Units of other types use the profile above; THRESHOLDS apply to every profile.</source>
        <translation>按其他配置评价的单元类型：以 ; 分隔的 类型=配置 对——内置配置 id（shanghai、national）或配置 CSV 的路径，例如 乡村=national; 产业=D:/体检/industrial.csv。其他类型的单元用上面的配置；THRESHOLDS 对所有配置生效。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="192"/>
        <source>Facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="194"/>
        <source>Existing facilities (points, or polygons: their point on surface is used).</source>
        <translation>现有设施（点；或面，取其面内点）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="196"/>
        <source>Facility category field</source>
        <translation>设施类别字段</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="197"/>
        <source>Field with a checklist code (Q01…M10), an AMap type code/name or OSM tags.</source>
        <translation>存放清单代码（Q01…M10）、高德类型代码/名称或 OSM 标签的字段。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="199"/>
        <source>Category mapping</source>
        <translation>类别映射</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="200"/>
        <source>Which bundled tables translate the category field into checklist codes.</source>
        <translation>用哪些内置映射表把类别字段转换为清单代码。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="202"/>
        <source>Your own mapping table (CSV)</source>
        <translation>自定义映射表（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="203"/>
        <source>Rows (source, pattern, match, code, note) that override the bundled ones.</source>
        <translation>优先于内置映射表的映射行（source、pattern、match、code、note）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="205"/>
        <source>Facility coordinates are in</source>
        <translation>设施坐标所用坐标系</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="207"/>
        <source>Chinese POI data from AMap/Tencent is in GCJ-02 and from Baidu in BD-09: it is converted to WGS 84 on the way in (the facility layer must then be in a longitude/latitude CRS).</source>
        <translation>来自高德/腾讯的中国 POI 数据为 GCJ-02，来自百度的为 BD-09：读入时转换为 WGS 84（此时设施图层必须采用经纬度坐标参考系）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="210"/>
        <source>One-stop centre flag field</source>
        <translation>一站式中心标记字段</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="211"/>
        <source>1/true marks a one-stop service centre (一站式综合服务中心) for the '1+N' check.</source>
        <translation>值为 1/true 表示一站式综合服务中心，用于“1+N”检查。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="214"/>
        <source>Facility floor area field (m²)</source>
        <translation>设施建筑面积字段（m²）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="216"/>
        <source>Floor area for the '1+N' check: the centre needs ≥ 800 m², small points 50–200 m².</source>
        <translation>用于“1+N”检查的建筑面积：中心需 ≥ 800 m²，小型服务点 50–200 m²。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="218"/>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="220"/>
        <source>Resident points (buildings, address points) or polygons (their point on surface), with population.</source>
        <translation>居民点（建筑、门牌地址点）或面（取其面内点），带人口数。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="223"/>
        <location filename="../processing/siting.py" line="115"/>
        <source>Number of residents of each feature (0 or more).</source>
        <translation>每个要素的居民人数（不小于 0）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="226"/>
        <source>Units to summarise by. Without them the whole area is one summary.</source>
        <translation>用于汇总的单元。不提供时，整个区域作为一个汇总单元。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="229"/>
        <location filename="../processing/resident_needs.py" line="89"/>
        <source>Field naming each unit (default: the feature id).</source>
        <translation>为每个单元命名的字段（默认：要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="232"/>
        <location filename="../processing/potential_space.py" line="182"/>
        <location filename="../processing/resident_needs.py" line="99"/>
        <location filename="../processing/siting.py" line="176"/>
        <source>Checklist profile</source>
        <translation>清单配置标准</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="233"/>
        <source>Bundled profile: categories, walking thresholds and target.</source>
        <translation>内置配置标准：类别、步行距离阈值和覆盖率目标。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="235"/>
        <location filename="../processing/potential_space.py" line="185"/>
        <location filename="../processing/resident_needs.py" line="102"/>
        <source>Your own profile (CSV, overrides the choice above)</source>
        <translation>自定义配置标准（CSV，优先于上面的选择）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="236"/>
        <location filename="../processing/potential_space.py" line="186"/>
        <location filename="../processing/resident_needs.py" line="103"/>
        <location filename="../processing/siting.py" line="180"/>
        <source>A copy of a bundled profile CSV, edited.</source>
        <translation>复制一份内置配置标准 CSV 修改而成。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="238"/>
        <location filename="../processing/potential_space.py" line="188"/>
        <source>Threshold overrides (e.g. Q05=300, M03=800)</source>
        <translation>阈值覆盖（如 Q05=300, M03=800）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="239"/>
        <location filename="../processing/potential_space.py" line="189"/>
        <source>Walking thresholds in metres for single categories, replacing the profile's.</source>
        <translation>单个类别的步行距离阈值（米），替换配置标准中的值。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="241"/>
        <location filename="../processing/resident_needs.py" line="95"/>
        <source>Target share of residents covered (%)</source>
        <translation>居民覆盖率目标（%）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="243"/>
        <source>A category is met in a unit when at least this share of its residents are within the threshold. Empty: the profile's target (Shanghai: 85 % for 2025, its target year; 99 % for 2035).</source>
        <translation>单元内至少这一比例的居民在阈值内时，该类别即为达标。留空：用配置的目标（上海：2025 年（目标年）85 %；2035 年 99 %）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="246"/>
        <source>Search limit (m)</source>
        <translation>搜索范围（米）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="247"/>
        <source>Distances beyond this are reported as unreachable (empty).</source>
        <translation>超过此距离记为不可达（空值）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="367"/>
        <source>Profile: {}</source>
        <translation>配置：{}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="379"/>
        <source>SEARCH_LIMIT {:,.0f} m is shorter than the walking threshold of {} ({:,.0f} m): distances are searched up to {:,.0f} m instead, so that every category can be judged.</source>
        <translation>搜索上限 SEARCH_LIMIT {:,.0f} 米短于 {} 的步行距离阈值（{:,.0f} 米）：改为搜索至 {:,.0f} 米，以便判断每一类设施。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="389"/>
        <source>facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="390"/>
        <location filename="../processing/siting.py" line="266"/>
        <source>residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="423"/>
        <source>Layer '{}': {} feature(s) without geometry (feature ids {}) count as unreachable.</source>
        <translation>图层“{}”：{} 个要素没有几何（要素 ID {}），记为不可达。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="446"/>
        <source>Layer '{}': {} facilities have a '{}' value that maps to no checklist category, left out of the analysis: {}</source>
        <translation>图层“{}”：{} 个设施的“{}”值无法对应到任何清单类别，未纳入分析：{}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="467"/>
        <source>Profiles by unit type need the units and their unit type field: set UNITS and UNIT_TYPE_FIELD (e.g. unit_type), or clear UNIT_TYPE_PROFILES.</source>
        <translation>按单元类型的配置需要单元图层及其类型字段：请设置 UNITS 和 UNIT_TYPE_FIELD（例如 unit_type），或清空 UNIT_TYPE_PROFILES。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="471"/>
        <location filename="../processing/resident_needs.py" line="226"/>
        <source>units</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="481"/>
        <source>Layer '{}': units overlap, so residents would count twice: {}. Fix the unit polygons (e.g. with 'Remove overlaps' or by snapping) and run again.</source>
        <translation>图层“{}”：单元相互重叠，居民会被重复计算：{}。请修正单元面（例如使用“移除重叠”或捕捉），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="505"/>
        <source>Layer '{}', functions field '{}': {} item(s) are no checklist code or category name of the profile and were ignored: {}</source>
        <translation>图层“{}”，功能字段“{}”：有 {} 项不是配置中的类别编码或名称，已忽略：{}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="521"/>
        <location filename="../processing/gated_inputs.py" line="194"/>
        <source>Layer '{}' is in {}, a projected CRS, but its coordinates are said to be {}: GCJ-02/BD-09 offsets apply to longitude/latitude. Give the layer in its original lon/lat CRS (EPSG:4326).</source>
        <translation>图层“{}”采用 {}，这是投影坐标系，但其坐标被指定为 {}：GCJ-02/BD-09 偏移只适用于经纬度。请使用图层原始的经纬度坐标参考系（EPSG:4326）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="541"/>
        <source>Layer '{}': facility coordinates converted from {} to WGS 84 ({} outside China left unchanged).</source>
        <translation>图层“{}”：设施坐标已从 {} 转换为 WGS 84（{} 个位于中国境外，保持不变）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="551"/>
        <source>Layer '{}': {} resident point(s) ({:,.0f} residents) are farther than the snap tolerance from any walkable street and count as not covered (feature ids {}).</source>
        <translation>图层“{}”：{} 个居民点（{:,.0f} 人）距任何可步行街道都超过捕捉容差，记为未覆盖（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="556"/>
        <source>Layer '{}': {} facilities are farther than the snap tolerance from any walkable street and serve nobody (feature ids {}).</source>
        <translation>图层“{}”：{} 个设施距任何可步行街道都超过捕捉容差，不服务任何居民（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="560"/>
        <source>{} resident point(s) lie outside every unit: they count in the overall shares only.</source>
        <translation>{} 个居民点位于所有单元之外：只计入总体覆盖比例。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="563"/>
        <source>No facility at all for: {}</source>
        <translation>完全没有设施的类别：{}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="567"/>
        <source>Share of residents within walking distance, by category:</source>
        <translation>各类别在步行距离内的居民比例：</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="573"/>
        <source> of {}; {:.1%} of all residents</source>
        <translation>（{}）；全体居民 {:.1%}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="575"/>
        <source>  {} {} ({}, {:.0f} m): {:.1%}{} — {} facilities</source>
        <translation>  {} {}（{}，{:.0f} 米）：{:.1%}{} — {} 处设施</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="578"/>
        <source>{} of {} unit(s) meet the 十全 target.</source>
        <translation>{1} 个单元中有 {0} 个达到十全目标。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="586"/>
        <source>'1+N': no one-stop flag field (ONE_STOP_FIELD), so no unit has a one-stop centre; N points are counted, none is linked.</source>
        <translation>“1+N”：没有一站式标记字段（ONE_STOP_FIELD），因此没有单元有一站式中心；N 个站点已计数，均未连通。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="589"/>
        <source>'1+N': {} of {} unit(s) have a one-stop centre with every one-stop function ({}); N points: {} linked (within a {:,.0f} m walk of the centre along the network), {} not linked.</source>
        <translation>“1+N”：{} / {} 个单元有功能齐全的一站式中心（{}）；N 个站点：{} 个连通（自中心沿路网步行 {:,.0f} 米以内），{} 个未连通。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="595"/>
        <source>  {}: the flagged centre (feature id {}) is not a one-stop centre: {}</source>
        <translation>  {}：标记的中心（要素 id {}）不是一站式中心：{}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="687"/>
        <location filename="../processing/facility_coverage.py" line="596"/>
        <location filename="../processing/facility_coverage.py" line="658"/>
        <location filename="../processing/project_impact.py" line="178"/>
        <location filename="../processing/resident_needs.py" line="152"/>
        <source>whole area</source>
        <translation>全域</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="651"/>
        <source>Gap ranking: index = 100 × the residents a category serves who are beyond its threshold, each counted {}, ÷ the residents it serves in the unit. Highest:</source>
        <translation>缺项排序：指数 = 100 × 某类别服务人群中在其阈值范围外的居民（每人按 {} 计）÷ 单元内该类别的服务人群。最高的：</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="657"/>
        <source>  {} {} {}: index {:.0f} ({:g} asked in the unit)</source>
        <translation>  {} {} {}：指数 {:.0f}（单元内需求 {:g}）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="804"/>
        <source>Target: {:.0%}, set by TARGET (the profile's own is {:.0%}).</source>
        <translation>目标：{:.0%}，由 TARGET 设定（配置本身为 {:.0%}）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="807"/>
        <source>Target for {}: {:.0%}, the profile's target for {} (its target_year); set TARGET to use another.</source>
        <translation>{} 的目标：{:.0%}，即配置中 {} 年（其 target_year）的目标；如需其他值请设置 TARGET。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="810"/>
        <source>Target for {}: {:.0%}, the profile's target_share; set TARGET to use another.</source>
        <translation>{} 的目标：{:.0%}，即配置的 target_share；如需其他值请设置 TARGET。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="829"/>
        <source>Layer '{}', field '{}': no unit has type {}, so its profile judges no unit.</source>
        <translation>图层“{}”，字段“{}”：没有类型为{}的单元，因此其配置未用于任何单元。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="832"/>
        <source>Units judged by their type's profile: {}; by {}: {}.</source>
        <translation>按类型配置评价的单元：{}；按 {} 评价：{}。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="34"/>
        <source>Join the nearest street (listed in the log)</source>
        <translation>就近接入道路（在日志中列出）</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="34"/>
        <source>Stop the run</source>
        <translation>停止运行</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="48"/>
        <source>Gated compounds 封闭小区 (polygons)</source>
        <translation>封闭小区（面）</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="50"/>
        <source>Residential compounds with walls and gates. A point inside one reaches the network only through its gates (the best gate for each destination); two points inside one walk straight to each other.</source>
        <translation>有围墙和出入口的住宅小区。小区内的点只能经其出入口接入路网（对每个目的地取最优出入口）；同一小区内的两点直接步行互达。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="53"/>
        <source>Compound name field</source>
        <translation>小区名称字段</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="54"/>
        <source>Names the compounds in the log (feature ids otherwise).</source>
        <translation>在日志中用来称呼小区（否则用要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="56"/>
        <source>Open (not gated) flag field</source>
        <translation>开放（非封闭）标记字段</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="57"/>
        <source>Compounds with 1/true/yes/是/开放 here are open: their points join the nearest street.</source>
        <translation>此字段为 1/true/yes/是/开放 的小区为开放小区：其中的点就近接入道路。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="59"/>
        <source>Compound type field (AMap/OSM)</source>
        <translation>小区类型字段（高德/OSM）</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="61"/>
        <source>With an AMap AOI or OSM export: only features whose type is a residential compound (AMap 120300–120303 住宅区/别墅/住宅小区/宿舍, OSM landuse=residential) are used — resources/mappings/compounds.csv.</source>
        <translation>用于高德 AOI 或 OSM 导出数据：只使用类型为住宅小区的要素（高德 120300–120303 住宅区/别墅/住宅小区/宿舍，OSM landuse=residential）——见 resources/mappings/compounds.csv。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="65"/>
        <source>Compound gates 出入口 (points)</source>
        <translation>小区出入口（点）</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="66"/>
        <source>The gates residents use. A gate belongs to the compound whose edge is nearest within 20 m. Gates near no compound, or farther than the snap tolerance from every street, are listed and not used.</source>
        <translation>居民使用的出入口。出入口归属于 20 米内边界最近的小区。不靠近任何小区、或距所有道路都超过吸附容差的出入口会被列出且不使用。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="69"/>
        <source>Gate type field (AMap/OSM)</source>
        <translation>出入口类型字段（高德/OSM）</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="70"/>
        <source>With an AMap POI or OSM export: only gate POIs are used (AMap 991400/991401 临街院门, OSM barrier=gate, entrance=*).</source>
        <translation>用于高德 POI 或 OSM 导出数据：只使用出入口 POI（高德 991400/991401 临街院门，OSM barrier=gate、entrance=*）。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="73"/>
        <source>Gate pedestrian flag field</source>
        <translation>出入口行人通行标记字段</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="74"/>
        <source>Gates with 0/false/no/否/车行 here are not for pedestrians and are left out; empty values are kept.</source>
        <translation>此字段为 0/false/no/否/车行 的出入口不供行人通行，予以排除；空值保留。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="77"/>
        <source>Gate opening hours field</source>
        <translation>出入口开放时间字段</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="78"/>
        <source>Opening hours such as 06:00-22:00, 6点至22点, 22:00-06:00 (over midnight), 24/7, 全天 or 关闭; empty: always open. Used with 'Check access at'.</source>
        <translation>开放时间，如 06:00-22:00、6点至22点、22:00-06:00（跨午夜）、24/7、全天 或 关闭；空值表示全天开放。与“检查时刻”配合使用。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="81"/>
        <source>Check access at (hh:mm, night mode)</source>
        <translation>检查时刻（时:分，夜间模式）</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="82"/>
        <source>E.g. 22:00: gates closed at that hour are left out, so residents walk round to a gate still open (a night check of access to emergency facilities). Empty: every gate counts.</source>
        <translation>例如 22:00：排除该时刻关闭的出入口，居民需绕行到仍开放的出入口（用于夜间检查应急设施可达性）。空值：所有出入口都计入。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="85"/>
        <source>Detour factor inside compounds</source>
        <translation>小区内绕行系数</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="87"/>
        <source>The walk from a point to a gate is the straight line times this. 1.0 (default) is an interpretation, not a standard: set a measured factor (e.g. 1.2–1.4 for winding estate paths) where you have one.</source>
        <translation>点到出入口的步行距离为直线距离乘以此系数。默认 1.0 是本插件的解释，并非标准：如有实测系数（如曲折的小区道路 1.2–1.4），请填写。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="91"/>
        <source>Points in a compound without a usable gate</source>
        <translation>没有可用出入口的小区内的点</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="92"/>
        <source>A compound with no gate mapped (or none within the snap tolerance of a street): its points join the nearest street through the wall, listed by compound in the log — or the run stops and lists them.</source>
        <translation>未标出入口（或出入口都不在道路吸附容差内）的小区：其中的点穿墙就近接入道路，并在日志中按小区列出——或停止运行并列出它们。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="96"/>
        <source>Compound and gate coordinates are in</source>
        <translation>小区和出入口的坐标系为</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="98"/>
        <source>AMap exports are in GCJ-02 and Baidu's in BD-09: they are converted to WGS 84 on the way in (the layers must then be in longitude/latitude).</source>
        <translation>高德导出数据为 GCJ-02，百度为 BD-09：读入时转换为 WGS 84（此时图层须为经纬度）。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="106"/>
        <source>COMPOUNDS is not used: without a walking NETWORK the distances are {}, so there are no gates to walk through.</source>
        <translation>未使用 COMPOUNDS：没有步行路网（NETWORK）时距离为{}，无出入口可经过。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="125"/>
        <source>GATES is given without COMPOUNDS: gates are used only with the compounds they belong to, so every point joins its nearest street.</source>
        <translation>给了 GATES 但没有 COMPOUNDS：出入口只随其所属小区使用，因此所有点都就近接入道路。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="132"/>
        <location filename="../processing/gated_inputs.py" line="233"/>
        <source>compounds</source>
        <translation>小区</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="135"/>
        <location filename="../processing/gated_inputs.py" line="233"/>
        <source>gates</source>
        <translation>出入口</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="139"/>
        <source>COMPOUNDS is given without GATES: no compound has a gate.</source>
        <translation>给了 COMPOUNDS 但没有 GATES：所有小区都没有出入口。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="163"/>
        <source>Layer '{}', field '{}': opening hours that cannot be read ({}). Write them like 06:00-22:00, 22:00-06:00, 24/7 or 关闭.</source>
        <translation>图层“{}”，字段“{}”：无法识别的开放时间（{}）。请写成 06:00-22:00、22:00-06:00、24/7 或 关闭。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="166"/>
        <source>'Check access at' {} is set but GATE_HOURS_FIELD is not: every gate counts as open.</source>
        <translation>设置了“检查时刻” {}，但没有设置 GATE_HOURS_FIELD：所有出入口都按开放计。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="207"/>
        <location filename="../processing/resident_needs.py" line="211"/>
        <source>Layer '{}': coordinates converted from {} to WGS 84.</source>
        <translation>图层“{}”：坐标已由 {} 转换为 WGS 84。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="232"/>
        <source>Layer '{}': {} of {} feature(s) are {} by their '{}' type.</source>
        <translation>图层“{}”：{} 个要素（共 {} 个）为{}（依据“{}”类型字段）。</translation>
    </message>
    <message>
        <location filename="../processing/gated_inputs.py" line="262"/>
        <source>'Check access at' must be an hour of the day like 22:00 (got '{}').</source>
        <translation>“检查时刻”须为一天中的时刻，如 22:00（当前为“{}”）。</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="56"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="56"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="69"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="71"/>
        <source>advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="80"/>
        <source>Default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="84"/>
        <location filename="../processing/help_pages.py" line="100"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="97"/>
        <source>LifeCircle 15-minute community life circle</source>
        <translation>LifeCircle 15分钟社区生活圈</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="102"/>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="104"/>
        <source>Every default names its source in the README (Where the defaults come from) and in resources/standards/README.md.</source>
        <translation>每个默认值的依据见 README（默认值依据）和 resources/standards/README.md。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="38"/>
        <source>Import ledger updates (台账)</source>
        <translation>导入台账更新</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="54"/>
        <source>The annual project list the ledger was exported from.</source>
        <translation>导出该台账时所用的年度项目实施清单。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="56"/>
        <source>Returned ledger workbook (.xlsx)</source>
        <translation>返回的台账工作簿（.xlsx）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="57"/>
        <source>The workbook the district office sent back.</source>
        <translation>街镇发回的工作簿。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="59"/>
        <source>Apply the changes (off = preview only)</source>
        <translation>写入改动（关闭 = 仅预览）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="60"/>
        <source>Off: list the changes only. On: write them to the project list (all or nothing).</source>
        <translation>关闭：只列出改动。打开：写入项目清单（全部写入或全部不写）。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="62"/>
        <source>Preview of changes</source>
        <translation>改动预览</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="64"/>
        <source>A table: one row per change, conflict and error.</source>
        <translation>一张表：每处改动、冲突和错误各一行。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="65"/>
        <source>Changes found</source>
        <translation>发现的改动数</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="65"/>
        <source>Conflicts (not applied)</source>
        <translation>冲突数（未写入）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="66"/>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="66"/>
        <source>Projects updated</source>
        <translation>已更新的项目数</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="67"/>
        <source>Edits to planner columns (not applied)</source>
        <translation>对锁定列的改动（未采用）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="68"/>
        <source>Exported projects missing from the workbook</source>
        <translation>台账中缺少的导出项目</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="69"/>
        <source>Rows without a project (skipped)</source>
        <translation>不含项目的行（已跳过）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="91"/>
        <source>Choose the returned workbook (WORKBOOK).</source>
        <translation>请选择返回的工作簿（WORKBOOK）。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="100"/>
        <source>{} error(s) in '{}': nothing was changed. Fix them in the workbook (or ask the office to) and import again. First: {}</source>
        <translation>“{1}”中有 {0} 处错误：未做任何修改。请在工作簿中修正（或请街镇修正）后重新导入。第一处：{2}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="106"/>
        <source>Preview only: nothing was written. Run again with APPLY on to write the {} change(s).</source>
        <translation>仅预览：未写入任何内容。打开 APPLY 重新运行即可写入这 {} 处改动。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="120"/>
        <source>  conflict {} (changed in the list while this import ran: not applied)</source>
        <translation>  冲突 {}（本次导入期间清单中已被改动：未写入）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="124"/>
        <source>Applied: {} change(s) to {} project(s) of '{}' saved.</source>
        <translation>已写入：对“{2}”中 {1} 个项目的 {0} 处改动已保存。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="155"/>
        <source>Ledger exported {} from '{}' (LifeCircle {}).</source>
        <translation>台账于 {} 从“{}”导出（LifeCircle {}）。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="160"/>
        <source>  change  {} (row {}, {}): {}</source>
        <translation>  改动  {}（第 {} 行，{}）：{}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="162"/>
        <source>  … and {} more changes (see the preview table)</source>
        <translation>  … 另有 {} 处改动（见预览表）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="164"/>
        <source>  conflict {}</source>
        <translation>  冲突  {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="166"/>
        <source>  error   {}</source>
        <translation>  错误  {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="168"/>
        <source>  … and {} more errors (see the preview table)</source>
        <translation>  … 另有 {} 处错误（见预览表）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="171"/>
        <source>  not applied {}</source>
        <translation>  未采用 {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="173"/>
        <source>  missing {}: not in the returned workbook (row deleted by the office?); nothing is deleted from the list</source>
        <translation>  缺少 {}：不在返回的台账中（街镇删除了该行？）；清单中不删除</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="176"/>
        <source>  skipped {}</source>
        <translation>  跳过 {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="178"/>
        <source>  note    {}</source>
        <translation>  提示  {}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="48"/>
        <source>land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="49"/>
        <source>status</source>
        <translation>使用状态</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="50"/>
        <source>FAR</source>
        <translation>容积率</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="51"/>
        <source>building year</source>
        <translation>建成年代</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="52"/>
        <source>ownership</source>
        <translation>权属</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="53"/>
        <source>area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="54"/>
        <source>remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="57"/>
        <source>Land use: class names (居住, 商业, 工业, 仓储, 教育, 机关, 绿地, 交通, 空地), GB 50137 or 用地用海分类 codes, or text labels.</source>
        <translation>用地性质：类别名称（居住、商业、工业、仓储、教育、机关、绿地、交通、空地）、GB 50137 或用地用海分类代码，或文字标签。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="59"/>
        <source>Use status: idle / vacant / in_use (or 闲置 / 空置 / 使用中).</source>
        <translation>使用状态：idle / vacant / in_use（或 闲置 / 空置 / 使用中）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="60"/>
        <source>Floor area ratio (容积率), a number.</source>
        <translation>容积率，数值。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="61"/>
        <source>Year the buildings were completed, a number (empty for open land).</source>
        <translation>建筑建成年份，数值（空地留空）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="62"/>
        <source>Ownership (国有 / 集体 / 企业 / 业主共有 …): how easily the land can be used.</source>
        <translation>权属（国有 / 集体 / 企业 / 业主共有 …）：决定土地利用的难易。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="63"/>
        <source>Parcel area in m². Without it the area is computed from the geometry.</source>
        <translation>地块面积（m²）。没有时按几何计算面积。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="64"/>
        <source>Free text (remark or name) searched for the rules' keywords, e.g. 运动场.</source>
        <translation>自由文本（备注或名称），用于匹配规则中的关键词，例如 运动场。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="66"/>
        <source>Exclude parcels that overlap them</source>
        <translation>排除与其重叠的地块</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="66"/>
        <source>Cut them out of the parcels</source>
        <translation>从地块中裁掉</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="72"/>
        <source>Potential space (找空间)</source>
        <translation>潜力空间（找空间）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="105"/>
        <source>Potential space</source>
        <translation>潜力空间</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="106"/>
        <source>Parcels with potential</source>
        <translation>有潜力的地块数</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="107"/>
        <source>Parcels by kind of potential (JSON)</source>
        <translation>按潜力类型统计的地块数（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="112"/>
        <source>Parcels</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="113"/>
        <source>Land parcels (地块) with land use, status, FAR, building year, ownership and area.</source>
        <translation>地块图层，带用地性质、使用状态、容积率、建成年代、权属和面积。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="117"/>
        <source>Parcel {} field</source>
        <translation>地块{}字段</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="126"/>
        <source>Zones (居委 or life-circle units)</source>
        <translation>片区（居委或生活圈基本单元）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="128"/>
        <source>Which residential area each parcel lies in (by its point on surface).</source>
        <translation>每个地块所在的居住片区（按其面内点判断）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="130"/>
        <source>Zone type field</source>
        <translation>片区类型字段</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="131"/>
        <source>Zones whose type is a residential word (the 居住 rows of resources/rules/unit_types.csv: 居住, 住宅, residential …, or the rules file's own residential_zone_values) are residential. Without it a zone is residential when housing is at least half of its parcels' area.</source>
        <translation>类型为居住类词语的区域（resources/rules/unit_types.csv 中的“居住”行：居住、住宅、residential……，或规则文件自带的 residential_zone_values）视为居住区。不设置时，住宅用地占其地块面积一半及以上的区域视为居住区。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="134"/>
        <source>Parcel zone field (without a zones layer)</source>
        <translation>地块的片区字段（无片区图层时）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="135"/>
        <source>A parcel field naming its 居委 or unit (e.g. block_id), used when no zones layer is given. Without both, a parcel's zone is the parcels within 300 m.</source>
        <translation>地块上记录其所属居委或单元的字段（如 block_id），在未提供片区图层时使用。两者都没有时，以地块周边 300 米内的地块作为其片区。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="139"/>
        <source>Elevated roads / barriers (lines)</source>
        <translation>高架道路 / 障碍（线）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="141"/>
        <source>Elevated expressways for the 桥下空间 rule. Without this layer, the network's excluded classes (expressways nobody walks on) count as elevated roads.</source>
        <translation>用于“桥下空间”规则的高架快速路。没有该图层时，步行网络中被排除的道路等级（无人步行的快速路）视为高架道路。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="144"/>
        <source>Barrier type field</source>
        <translation>障碍类型字段</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="146"/>
        <source>Only barriers whose type is in the list below count as elevated roads (rivers do not).</source>
        <translation>只有类型在下方列表中的障碍才视为高架道路（河流不算）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="148"/>
        <source>Types that are elevated roads (comma separated)</source>
        <translation>属于高架道路的类型（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="149"/>
        <source>Barrier types that are elevated roads.</source>
        <translation>属于高架道路的障碍类型。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="154"/>
        <source>Constraints (heritage, ecological red line, road red line …)</source>
        <translation>限制条件（历史风貌保护、生态保护红线、道路红线 …）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="155"/>
        <source>Areas where nothing may be built.</source>
        <translation>不得建设的区域。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="157"/>
        <source>Constraints</source>
        <translation>限制条件</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="158"/>
        <source>Exclude: parcels overlapping a constraint are left out. Clip: the constraint is cut out of the parcel and its usable area shrinks.</source>
        <translation>排除：与限制条件重叠的地块不参与。裁剪：从地块中裁掉限制区域，可用面积相应减少。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="161"/>
        <source>Constraint mode field (exclude / clip per feature)</source>
        <translation>限制方式字段（逐要素排除 / 裁剪）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="163"/>
        <source>Per-feature mode: exclude (排除) or clip (裁剪); empty values take the choice above.</source>
        <translation>逐要素指定方式：exclude（排除）或 clip（裁剪）；空值采用上面的选择。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="165"/>
        <source>Constraint name field</source>
        <translation>限制条件名称字段</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="166"/>
        <source>Named in the output and the reasons (e.g. 历史风貌保护区).</source>
        <translation>写入输出和理由中（例如 历史风貌保护区）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="173"/>
        <source>Residents with walking distances (Facility coverage output)</source>
        <translation>居民点及步行距离（设施服务覆盖的输出）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="175"/>
        <source>The RESIDENTS_OUTPUT of Facility coverage: its d_Q01… fields say who lacks what.</source>
        <translation>“设施服务覆盖”的 RESIDENTS_OUTPUT：其 d_Q01… 字段说明谁缺什么。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="178"/>
        <source>Residents of each feature.</source>
        <translation>每个要素的居民人数。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="179"/>
        <source>The needs output of 'Residents' needs' (with COVERAGE): the need term counts the residents a parcel would reach more where they asked for the category.</source>
        <translation>“居民需求”的需求输出（与 COVERAGE 一起使用）：需求得分中，地块可覆盖的居民在提出该类需求处加权计。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="183"/>
        <source>Categories, walking thresholds and the minimum area of each category.</source>
        <translation>类别、步行距离阈值及各类别的最小面积。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="194"/>
        <source>Your own rules table (CSV, replaces the bundled one)</source>
        <translation>自定义规则表（CSV，替换内置规则表）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="195"/>
        <source>A copy of resources/rules/potential_space.csv, edited: rules, thresholds and score weights.</source>
        <translation>复制 resources/rules/potential_space.csv 修改而成：规则、阈值和评分权重。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="197"/>
        <source>Your own land-use classes (CSV)</source>
        <translation>自定义用地分类（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="198"/>
        <source>Rows (pattern, match, class, note) that take precedence over resources/rules/land_use.csv.</source>
        <translation>优先于 resources/rules/land_use.csv 的映射行（pattern、match、class、note）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="201"/>
        <source>Score weights (e.g. kind=30, need=40, area=15, ownership=15)</source>
        <translation>评分权重（如 kind=30, need=40, area=15, ownership=15）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="202"/>
        <source>Points for each part of the score, replacing the rules file's; need_full and area_full set the scales.</source>
        <translation>得分各组成部分的分值，替换规则表中的设置；need_full 和 area_full 设定标尺。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="205"/>
        <source>Keep every parcel (not only potential space)</source>
        <translation>保留所有地块（不只潜力空间）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="206"/>
        <source>Write all parcels; those without potential have no kind, score or rank.</source>
        <translation>写出全部地块；没有潜力的地块其类型、得分和排序为空。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="272"/>
        <source>Rules: {} ({} rules). Score = {:g} × kind + {:g} × need + {:g} × area + {:g} × ownership.</source>
        <translation>规则：{}（{} 条规则）。得分 = {:g} × 类型 + {:g} × 需求 + {:g} × 面积 + {:g} × 权属。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="282"/>
        <source>parcels</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="316"/>
        <source>zones</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="321"/>
        <source>Zones '{}': {} of {} parcels lie in a zone.</source>
        <translation>片区“{0}”：{2} 个地块中有 {1} 个位于片区内。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="335"/>
        <source>NEEDS is used with COVERAGE only (it weighs the residents who lack a category): give the residents output of 'Facility coverage' as COVERAGE.</source>
        <translation>NEEDS 只与 COVERAGE 一起使用（它为缺少某类设施的居民加权）：请将“设施覆盖”的居民输出作为 COVERAGE。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="351"/>
        <source>Coverage '{}': {} residents in {} features; distance fields for {} categories.</source>
        <translation>覆盖结果“{0}”：{2} 个要素共 {1} 名居民；{3} 个类别有距离字段。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="361"/>
        <source>coverage</source>
        <translation>覆盖结果</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="366"/>
        <source>Layer '{}' has no distance fields d_Q01…d_M10 (fields: {}). Use the 'Residents with walking distances' output (RESIDENTS_OUTPUT) of lifecircle:facilitycoverage as COVERAGE.</source>
        <translation>图层“{}”没有距离字段 d_Q01…d_M10（现有字段：{}）。请使用 lifecircle:facilitycoverage 的“居民点及步行距离”输出（RESIDENTS_OUTPUT）作为 COVERAGE。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="372"/>
        <source>Layer '{}' has no population field '{}' (fields: {}). Choose the population field of the residents.</source>
        <translation>图层“{}”没有人口字段“{}”（现有字段：{}）。请选择居民的人口字段。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="396"/>
        <source>Layer '{}' has no field '{}' ({}). Fields: {}</source>
        <translation>图层“{}”没有字段“{}”（{}）。现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="400"/>
        <source>Layer '{}' has no field for: {}. Rules on these attributes cannot fire; choose the fields if the layer has them under other names.</source>
        <translation>图层“{}”没有以下属性的字段：{}。依赖这些属性的规则无法触发；如果图层中这些字段用了其他名称，请选择它们。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="404"/>
        <source>Neither land use nor status is known: only the rules on size, place and keywords can fire.</source>
        <translation>用地性质和使用状态均未知：只有关于面积、位置和关键词的规则可以触发。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="419"/>
        <source>  {} {}: {:,.0f} residents live where it was asked for.</source>
        <translation>  {} {}：{:,.0f} 名居民住在提出该需求的地方。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="438"/>
        <source>Layer '{}' has no field '{}' (barrier type). Fields: {}</source>
        <translation>图层“{}”没有字段“{}”（障碍类型）。现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="447"/>
        <source>Layer '{}' has no type field: all its {} lines count as elevated roads.</source>
        <translation>图层“{}”没有类型字段：其全部 {} 条线都视为高架道路。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="449"/>
        <source>Elevated roads: {} line(s) of '{}'.</source>
        <translation>高架道路：“{1}”中的 {0} 条线。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="460"/>
        <source>Elevated roads: the {} network line(s) of the excluded classes ({}).</source>
        <translation>高架道路：步行网络中被排除等级（{1}）的 {0} 条线。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="471"/>
        <source>constraints</source>
        <translation>限制条件</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="484"/>
        <source>Constraints '{}': {} polygon(s), {} to exclude, {} to clip.</source>
        <translation>限制条件“{}”：{} 个面，{} 个用于排除，{} 个用于裁剪。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="495"/>
        <source>Layer '{}': invalid polygons were repaired before use (feature ids {}).</source>
        <translation>图层“{}”：无效的面在使用前已修复（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="499"/>
        <source>Layer '{}': status values that are not idle / vacant / in_use (rules on status do not fire on them): {}</source>
        <translation>图层“{}”：以下使用状态值不是 idle / vacant / in_use（关于使用状态的规则对其不触发）：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="502"/>
        <source>Layer '{}': {} parcel(s) without an area value: their area is computed from the geometry.</source>
        <translation>图层“{}”：{} 个地块没有面积值：按几何计算面积。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="505"/>
        <source>No remark field: the rules on keywords cannot fire.</source>
        <translation>没有备注字段：关于关键词的规则无法触发。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="508"/>
        <source>{} parcel(s) excluded by constraints: {}</source>
        <translation>{} 个地块因限制条件被排除：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="510"/>
        <source>Layer '{}': {} potential parcel(s) are farther than the snap tolerance from every walkable street: no residents are counted for them (feature ids {}).</source>
        <translation>图层“{}”：{} 个潜力地块距所有可步行街道都超过捕捉容差：不为其统计居民（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="515"/>
        <source>{} resident feature(s) are farther than the snap tolerance from every walkable street and are not counted near any parcel.</source>
        <translation>{} 个居民要素距所有可步行街道都超过捕捉容差，不计入任何地块的周边居民。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="519"/>
        <source>Distance fields for codes not in the profile were ignored: {}</source>
        <translation>已忽略配置标准中没有的类别代码的距离字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="523"/>
        <source>Residents lacking each category (distance empty or beyond its threshold):</source>
        <translation>各类别缺少服务的居民数（距离为空或超过阈值）：</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="527"/>
        <source>{} parcel(s) with potential: {}</source>
        <translation>有潜力的地块 {} 个：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="579"/>
        <source>Could not write parcel {}: {}</source>
        <translation>无法写出地块 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="26"/>
        <source>Prepare walking network</source>
        <translation>准备步行网络</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="36"/>
        <source>Walking network edges</source>
        <translation>步行网络边</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="41"/>
        <source>Walking network nodes</source>
        <translation>步行网络节点</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="46"/>
        <source>Number of nodes</source>
        <translation>节点数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="47"/>
        <source>Number of edges</source>
        <translation>边数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="48"/>
        <source>Total length (m)</source>
        <translation>总长度（米）</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="49"/>
        <source>Connected components</source>
        <translation>连通分量数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="50"/>
        <source>Largest component's share of the length</source>
        <translation>最大连通分量占总长度的比例</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="51"/>
        <source>Dangles (nodes of degree 1)</source>
        <translation>悬挂点数（度为 1 的节点）</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="52"/>
        <source>Nodes merged within the tolerance</source>
        <translation>在容差内合并的节点数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="53"/>
        <source>Gaps closed by merging</source>
        <translation>合并时弥合的断口数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="54"/>
        <source>Duplicate edges dropped</source>
        <translation>删除的重复边数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="55"/>
        <source>Features excluded (class or walkable flag)</source>
        <translation>排除的要素数（按道路等级或可步行标记）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="34"/>
        <source>Project impact (before / after)</source>
        <translation>项目成效评估（实施前后）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="51"/>
        <source>The annual project list layer: points or polygons with project_id, category, status, year.</source>
        <translation>年度项目实施清单图层：点或面，带 project_id、category、status、year。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="52"/>
        <source>Project id field</source>
        <translation>项目编号字段</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="53"/>
        <source>Project category field</source>
        <translation>项目类别字段</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="54"/>
        <source>Project status field</source>
        <translation>项目状态字段</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="55"/>
        <source>Project year field</source>
        <translation>项目年度字段</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="58"/>
        <source>Field of the project list (the LifeCircle schema's name is the default).</source>
        <translation>项目清单中的字段（默认为 LifeCircle 清单结构中的字段名）。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="60"/>
        <source>Year (0 = all years)</source>
        <translation>年度（0 = 全部年度）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="61"/>
        <source>Only projects of this year count.</source>
        <translation>只统计该年度的项目。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="63"/>
        <source>Statuses to count (comma separated)</source>
        <translation>计入的项目状态（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="64"/>
        <source>Projects with these statuses count: 在建, 完工, 运营 by default; add 谋划, 前期 to test a draft list.</source>
        <translation>统计这些状态的项目：默认为 在建、完工、运营；加入 谋划、前期 可检验清单草案。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="66"/>
        <source>Units: coverage before and after</source>
        <translation>单元：实施前后的覆盖</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="68"/>
        <source>Projects: residents newly covered</source>
        <translation>项目：新增覆盖的居民</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="71"/>
        <source>Residents: distances before and after</source>
        <translation>居民点：实施前后的距离</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="73"/>
        <source>Projects counted</source>
        <translation>计入的项目数</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="74"/>
        <source>Projects covering nobody new</source>
        <translation>未新增覆盖任何人的项目数</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="75"/>
        <source>Residents newly covered (any category)</source>
        <translation>新增覆盖的居民数（任一类别）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="76"/>
        <source>Units meeting the 十全 target before</source>
        <translation>实施前达到十全目标的单元数</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="78"/>
        <source>Units meeting the 十全 target after</source>
        <translation>实施后达到十全目标的单元数</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="114"/>
        <source>projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="127"/>
        <source>Layer '{}': no project of year {} with status {} — nothing to assess. Check YEAR and STATUSES.</source>
        <translation>图层“{}”：没有年度为 {}、状态为 {} 的项目 —— 无可评估。请检查 YEAR 和 STATUSES。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="128"/>
        <source>(any)</source>
        <translation>（任意）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="132"/>
        <source>{} project(s) selected from '{}' (year {}, statuses {}).</source>
        <translation>从“{1}”中选出 {0} 个项目（年度 {2}，状态 {3}）。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="133"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="144"/>
        <source>{} selected project(s) cannot be counted (no category or location): {}</source>
        <translation>{} 个所选项目无法计入（没有类别或位置）：{}</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="148"/>
        <source>{} project(s) cover nobody new (与现有服务重叠): {}</source>
        <translation>{} 个项目没有新增覆盖任何人（与现有服务重叠）：{}</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="151"/>
        <source>Residents newly covered in at least one category: {:,.0f}. Units meeting the 十全 target: {} before, {} after.</source>
        <translation>至少在一个类别上新增覆盖的居民：{:,.0f}。达到十全目标的单元：实施前 {} 个，实施后 {} 个。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="250"/>
        <source>a year that is not a year</source>
        <translation>年度不是年份</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="252"/>
        <source>a status that is not one of 谋划/前期/在建/完工/运营/取消</source>
        <translation>状态不属于 谋划/前期/在建/完工/运营/取消</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="255"/>
        <source>Layer '{}': {} project(s) left out, with {} in '{}': {}</source>
        <translation>图层“{}”：{} 个项目未计入，因为{}（字段“{}”）：{}</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="31"/>
        <source>LifeCircle — 15-minute community life circle (15分钟社区生活圈)</source>
        <translation>LifeCircle — 15分钟社区生活圈</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="38"/>
        <source>Residents' needs (问需求计)</source>
        <translation>居民需求（问需求计）</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="62"/>
        <source>Residents' needs</source>
        <translation>居民需求</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="63"/>
        <source>Points (survey answers, hotline cases, reports) or a table with longitude/latitude fields.</source>
        <translation>点（问卷回答、热线工单、反映）或带经纬度字段的表。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="65"/>
        <source>Need text or code field</source>
        <translation>需求文字或代码字段</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="66"/>
        <source>What was asked for, in the residents' words (缺菜场, 没有养老院 …) or as checklist codes.</source>
        <translation>居民提出的需求，原话（缺菜场、没有养老院……）或清单代码。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="68"/>
        <source>Votes / weight field</source>
        <translation>票数/权重字段</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="69"/>
        <source>How many residents a need stands for (empty: 1).</source>
        <translation>一条需求代表的居民数（空：1）。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="71"/>
        <source>Longitude field (tables without geometry)</source>
        <translation>经度字段（无几何的表）</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="74"/>
        <source>Latitude field (tables without geometry)</source>
        <translation>纬度字段（无几何的表）</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="77"/>
        <source>Coordinates are in</source>
        <translation>坐标系</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="78"/>
        <source>AMap/Tencent give GCJ-02 and Baidu BD-09: converted to WGS 84 on the way in (the layer must then be in longitude/latitude).</source>
        <translation>高德/腾讯为 GCJ-02，百度为 BD-09：读入时转换为 WGS 84（图层须为经纬度）。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="81"/>
        <source>Your own needs vocabulary (CSV)</source>
        <translation>自定义需求词表（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="82"/>
        <source>Rows (pattern, code, note) added to or replacing the bundled ones; code '-' marks what is not a need.</source>
        <translation>行（pattern, code, note）补充或替换内置词表；代码“-”表示不是需求。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="86"/>
        <source>Units to count the needs in: the units output of 'Facility coverage' also ranks the gaps.</source>
        <translation>统计需求的单元：使用“设施覆盖”的单元输出时还会对缺项排序。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="91"/>
        <source>Unit population field</source>
        <translation>单元人口字段</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="93"/>
        <source>Residents of each unit, for the rate per 1,000 residents.</source>
        <translation>各单元居民数，用于计算每千人需求数。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="96"/>
        <source>A category is a measured gap in a unit below this share (Shanghai: 85 % by 2025).</source>
        <translation>单元内覆盖率低于此值的类别为测得的缺项（上海：2025 年 85%）。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="100"/>
        <source>The categories needs are mapped to.</source>
        <translation>需求对应的类别。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="105"/>
        <source>Needs with categories</source>
        <translation>带类别的需求</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="107"/>
        <source>Needs by unit and category (table)</source>
        <translation>按单元和类别的需求（表）</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="109"/>
        <source>Needs mapped to a category</source>
        <translation>已识别类别的需求</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="110"/>
        <source>Needs that map to no category</source>
        <translation>未识别类别的需求</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="139"/>
        <source>Layer '{}': {} need(s) have no text in field '{}' (feature ids {}): kept, with no category.</source>
        <translation>图层“{}”：{} 条需求的字段“{}”没有文字（要素 ID {}）：保留，无类别。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="145"/>
        <source>Layer '{}' is an earlier needs output: its fields {} are replaced by this run's.</source>
        <translation>图层“{}”是之前的需求输出：其字段 {} 由本次运行的结果替换。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="151"/>
        <source>No units: the needs are counted for the whole area.</source>
        <translation>无单元：按整个区域统计需求。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="162"/>
        <source>Needs by category: {}</source>
        <translation>各类别需求：{}</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="166"/>
        <source>Layer '{}': {} need(s) map to no category (add their words to a needs vocabulary if they are facility needs): {}</source>
        <translation>图层“{}”：{} 条需求未识别为任何类别（若是设施需求，请把其用词加入需求词表）：{}</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="183"/>
        <source>Give both the longitude and the latitude field, or neither.</source>
        <translation>请同时给出经度和纬度字段，或都不给。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="189"/>
        <source>Layer '{}': {} need(s) without a usable longitude/latitude (feature ids {}) are kept without a location.</source>
        <translation>图层“{}”：{} 条需求没有可用的经纬度（要素 ID {}），保留但无位置。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="194"/>
        <source>Layer '{}' has no point geometry: give the longitude and latitude fields of the table.</source>
        <translation>图层“{}”没有点几何：请给出表的经度和纬度字段。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="202"/>
        <source>Layer '{}' is in {}, a projected CRS, but its coordinates are said to be {}: GCJ-02/BD-09 offsets apply to longitude/latitude.</source>
        <translation>图层“{}”为投影坐标系 {}，但指定其坐标为 {}：GCJ-02/BD-09 偏移只适用于经纬度。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="245"/>
        <source>Layer '{}' has no population field: needs are not counted per 1,000 residents.</source>
        <translation>图层“{}”没有人口字段：不计算每千人需求数。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="320"/>
        <source>The units carry no coverage shares (c_Q01…): use the units output of 'Facility coverage' to rank the gaps residents asked for.</source>
        <translation>单元没有覆盖率字段（c_Q01…）：请使用“设施覆盖”的单元输出，以对居民提出的缺项排序。</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="323"/>
        <source>Gaps both measured (below {:.0%}) and asked for, most asked first:</source>
        <translation>既测得缺项（低于 {:.0%}）又有居民提出的类别，按需求多少排序：</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="325"/>
        <source>  {}. {} {} {} — {:.1f} % covered, {:g} asked ({} per 1,000 residents)</source>
        <translation>  {}. {} {} {} — 覆盖 {:.1f}%，需求 {:g}（每千人 {}）</translation>
    </message>
    <message>
        <location filename="../processing/resident_needs.py" line="330"/>
        <source>No category is both below the target and asked for.</source>
        <translation>没有既低于目标又有居民提出的类别。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="46"/>
        <source>Maximal covering (MCLP): P new sites covering the most residents</source>
        <translation>最大覆盖（MCLP）：新增 P 处设施，覆盖尽可能多的居民</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="47"/>
        <source>Set covering (LSCP): fewest sites to reach the target share</source>
        <translation>集合覆盖（LSCP）：以最少的设施达到目标覆盖率</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="48"/>
        <source>p-median: P sites with the least population-weighted walking distance</source>
        <translation>P 中值：P 处设施，人口加权步行距离最小</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="54"/>
        <source>Automatic: exact when the model fits the budget, else greedy</source>
        <translation>自动：模型规模在限度内时精确求解，否则用贪心算法</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="55"/>
        <source>Exact (mixed-integer programming, HiGHS)</source>
        <translation>精确求解（混合整数规划，HiGHS）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="56"/>
        <source>Greedy (+ local search)</source>
        <translation>贪心算法（+ 局部搜索）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="62"/>
        <source>Siting recommendations (选址)</source>
        <translation>选址推荐</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="102"/>
        <source>Candidate sites</source>
        <translation>候选点</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="103"/>
        <source>Where a facility could go: points or polygons (their point on surface is used), e.g. the potential-space output or idle parcels.</source>
        <translation>可以设置设施的位置：点或面（取其面内点），例如潜力空间的输出或闲置地块。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="106"/>
        <source>Candidate id field</source>
        <translation>候选点编号字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="108"/>
        <source>Names each candidate in the outputs; with a cost matrix, the ids its destination column uses. Default: the feature id.</source>
        <translation>在输出中为每个候选点命名；使用成本矩阵时，即其目的地列所用的编号。默认：要素 ID。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="111"/>
        <source>Residents (demand)</source>
        <translation>居民（需求）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="112"/>
        <source>Resident points (buildings, address points) or polygons, with population.</source>
        <translation>居民点（建筑、门牌地址点）或面，带人口数。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="117"/>
        <source>Resident id field</source>
        <translation>居民编号字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="118"/>
        <source>Names each resident point in the allocation; with a cost matrix, the ids its origin column uses. Default: the feature id.</source>
        <translation>在分配结果中为每个居民点命名；使用成本矩阵时，即其起点列所用的编号。默认：要素 ID。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="121"/>
        <source>Existing facilities of the category</source>
        <translation>该类别的现有设施</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="122"/>
        <source>Facilities that already serve the category: residents within the threshold of one count as covered (MCLP/LSCP); for p-median they stay open.</source>
        <translation>已提供该类别服务的设施：在其阈值内的居民视为已覆盖（MCLP/LSCP）；P 中值中这些设施保持开放。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="125"/>
        <source>Existing facilities' category field</source>
        <translation>现有设施的类别字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="127"/>
        <source>With CATEGORY: only existing facilities of that category are used (values are mapped as in facility coverage: checklist codes, AMap types, OSM tags).</source>
        <translation>与 CATEGORY 一起使用：只采用该类别的现有设施（取值的映射方式与设施服务覆盖相同：清单代码、高德类型、OSM 标签）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="130"/>
        <source>Existing facility id field</source>
        <translation>现有设施编号字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="132"/>
        <source>With a cost matrix: the ids its destination column uses for existing facilities. Default: feature id.</source>
        <translation>使用成本矩阵时：其目的地列中现有设施所用的编号。默认：要素 ID。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="139"/>
        <source>…or a cost matrix (table: origin_id, destination_id, cost)</source>
        <translation>…或成本矩阵（表：origin_id、destination_id、cost）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="141"/>
        <source>Instead of a network: one row per resident → candidate (or existing facility) pair with its walking distance in metres, e.g. an OD matrix exported from QNEAT3 or ORS Tools. Pairs missing from the table cannot reach each other.</source>
        <translation>代替步行网络：每行为一个居民 → 候选点（或现有设施）的配对及其步行距离（米），例如从 QNEAT3 或 ORS Tools 导出的 OD 矩阵。表中没有的配对视为互不可达。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="144"/>
        <source>Cost matrix: origin (resident id) field</source>
        <translation>成本矩阵：起点（居民编号）字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="145"/>
        <source>Cost matrix: destination (site id) field</source>
        <translation>成本矩阵：目的地（选址点编号）字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="147"/>
        <source>Cost matrix: cost (metres) field</source>
        <translation>成本矩阵：成本（米）字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="150"/>
        <source>Column of the cost matrix.</source>
        <translation>成本矩阵中的列。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="157"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="158"/>
        <source>What to optimise.</source>
        <translation>优化目标。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="160"/>
        <source>Number of new sites (P)</source>
        <translation>新增设施数（P）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="161"/>
        <source>MCLP and p-median: how many sites to choose.</source>
        <translation>MCLP 和 P 中值：要选出的设施数。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="163"/>
        <source>Target share of residents covered (%) — LSCP</source>
        <translation>居民覆盖率目标（%）—— LSCP</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="165"/>
        <source>LSCP: the share of all residents to bring within the threshold (existing facilities included).</source>
        <translation>LSCP：要使阈值内居民达到的总体比例（含现有设施）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="167"/>
        <source>Maximum walking distance (m) — p-median, 0 = none</source>
        <translation>最大步行距离（米）—— P 中值，0 = 不限</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="169"/>
        <source>p-median: residents are only assigned within this distance (those beyond every site are counted as unserved). 0: no limit.</source>
        <translation>P 中值：居民只在此距离内分配（超出所有设施此距离的居民计为未服务）。0：不限。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="172"/>
        <source>Facility category (checklist code, e.g. Q05)</source>
        <translation>设施类别（清单代码，如 Q05）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="173"/>
        <source>The checklist category the sites are for: its threshold is the default THRESHOLD, and it selects the existing facilities when their category field is given.</source>
        <translation>选址所针对的清单类别：其阈值为 THRESHOLD 的默认值；提供了现有设施的类别字段时，还用它筛选现有设施。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="177"/>
        <source>Where the category's threshold comes from.</source>
        <translation>类别阈值所依据的配置标准。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="179"/>
        <source>Your own profile (CSV)</source>
        <translation>自定义配置标准（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="182"/>
        <source>Coverage threshold (m), 0 = the category's</source>
        <translation>覆盖阈值（米），0 = 采用类别阈值</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="184"/>
        <source>Walking distance within which a resident counts as covered by a site.</source>
        <translation>居民视为被某设施覆盖的步行距离。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="186"/>
        <source>Solver</source>
        <translation>求解器</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="187"/>
        <source>Exact proves the optimum (or reports the gap when the time limit ends it); greedy is fast.</source>
        <translation>精确求解可证明最优（或在达到时间上限时报告差距）；贪心算法速度快。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="189"/>
        <source>Time limit (s)</source>
        <translation>时间上限（秒）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="190"/>
        <source>The exact solver stops after this long with the best solution found and its gap.</source>
        <translation>精确求解器在此时间后停止，给出已找到的最优解及其差距。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="194"/>
        <source>The needs output of 'Residents' needs' (with a CATEGORY): residents count more where they asked for the category, and each site lists the needs it answers (lc_needs, lc_asks).</source>
        <translation>“居民需求”的需求输出（需给出 CATEGORY）：居民提出该类需求处加权计，各选址列出其回应的需求（lc_needs, lc_asks）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="198"/>
        <source>Recommended sites</source>
        <translation>推荐选址</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="200"/>
        <source>Allocation (resident → site)</source>
        <translation>分配（居民 → 设施）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="202"/>
        <source>Objective</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="202"/>
        <source>Covered share before (%)</source>
        <translation>选址前覆盖比例（%）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="203"/>
        <source>Covered share after (%)</source>
        <translation>选址后覆盖比例（%）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="203"/>
        <source>Optimality gap (%)</source>
        <translation>最优性差距（%）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="204"/>
        <source>Solve time (s)</source>
        <translation>求解用时（秒）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="204"/>
        <source>Sites chosen</source>
        <translation>入选设施数</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="206"/>
        <source>Solver used</source>
        <translation>所用求解器</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="207"/>
        <source>Summary (JSON)</source>
        <translation>汇总（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="248"/>
        <source>Threshold {:g} m: {} {} in profile {}.</source>
        <translation>阈值 {0:g} 米：配置标准 {3} 中的 {1} {2}。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="252"/>
        <source>Give a THRESHOLD in metres or a CATEGORY (e.g. Q05) whose threshold the profile holds: the covering models need to know what distance counts as covered.</source>
        <translation>请提供以米为单位的 THRESHOLD，或配置标准中有阈值的 CATEGORY（如 Q05）：覆盖模型需要知道多远的距离算作覆盖。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="258"/>
        <source>Give either a walking NETWORK or a COST_MATRIX table (one of the two): distances come from one of them.</source>
        <translation>请提供步行网络 NETWORK 或成本矩阵 COST_MATRIX（二选一）：距离取自其中之一。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="265"/>
        <source>candidates</source>
        <translation>候选点</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="271"/>
        <source>existing facilities</source>
        <translation>现有设施</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="286"/>
        <source>those of the cost matrix</source>
        <translation>成本矩阵中的距离</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="309"/>
        <source>Layer '{}': {} of {} facilities are of category {} and count as existing.</source>
        <translation>图层“{0}”：{2} 个设施中有 {1} 个属于类别 {3}，作为现有设施。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="314"/>
        <source>An existing facilities' category field was given without CATEGORY: every existing facility is used.</source>
        <translation>提供了现有设施的类别字段但没有指定 CATEGORY：使用全部现有设施。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="331"/>
        <source>Demand: {:,.0f} of {:,.0f} residents ({}).</source>
        <translation>需求人口：{:,.0f} / {:,.0f} 名居民（{}）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="336"/>
        <source>NEEDS needs a CATEGORY: needs weigh the residents for one category.</source>
        <translation>NEEDS 需要 CATEGORY：需求按单一类别为居民加权。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="344"/>
        <source>Demand weights: {}; {:,.0f} resident points are near needs for {}.</source>
        <translation>需求权重：{}；{:,.0f} 个居民点附近有 {} 的需求。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="379"/>
        <source>Layer '{}' / '{}': {}</source>
        <translation>图层“{}” / “{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="433"/>
        <source>Layer '{}': {} candidate site(s) lie farther than the snap tolerance ({:g} m) from any walkable street, or have no geometry, so nobody could walk to them (feature ids {}). Remove them from the candidates or raise SNAP_TOLERANCE.</source>
        <translation>图层“{}”：{} 个候选点距任何可步行街道都超过捕捉容差（{:g} 米），或没有几何，无人能步行到达（要素 ID {}）。请把它们从候选点中移除，或调大 SNAP_TOLERANCE。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="439"/>
        <source>Layer '{}': {} resident point(s) are farther than the snap tolerance from any walkable street and count as out of reach (feature ids {}).</source>
        <translation>图层“{}”：{} 个居民点距任何可步行街道都超过捕捉容差，记为不可达（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="448"/>
        <source>Layer '{}': {} existing facilities are farther than the snap tolerance from any walkable street and serve nobody (feature ids {}).</source>
        <translation>图层“{}”：{} 个现有设施距任何可步行街道都超过捕捉容差，不服务任何居民（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="456"/>
        <source>{:,} resident–candidate pairs within {} m.</source>
        <translation>{:,} 对居民–候选点配对在 {} 米以内。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="463"/>
        <source>cost matrix</source>
        <translation>成本矩阵</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="470"/>
        <source>Cost matrix '{}' has no column {} (columns: {}).</source>
        <translation>成本矩阵“{}”没有列 {}（现有列：{}）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="477"/>
        <source>Cost matrix '{}': {:,} rows, {:,} resident–candidate pairs, {:,} resident–existing pairs.</source>
        <translation>成本矩阵“{}”：{:,} 行，{:,} 对居民–候选点配对，{:,} 对居民–现有设施配对。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="489"/>
        <source>No {} given: the cost matrix ids are matched against feature ids.</source>
        <translation>未提供 {}：成本矩阵中的编号按要素 ID 匹配。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="548"/>
        <source>Model: {}; solver: {}; {:.2f} s.</source>
        <translation>模型：{}；求解器：{}；用时 {:.2f} 秒。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="554"/>
        <source>  Reduction: {:,} resident points → {:,} still to cover → {:,} distinct coverage sets; {:,} candidates → {:,} (dominated ones removed).</source>
        <translation>  约简：{:,} 个居民点 → {:,} 个仍待覆盖 → {:,} 个不同的覆盖集合；{:,} 个候选点 → {:,} 个（已移除被占优者）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="558"/>
        <source>0 (proven optimal)</source>
        <translation>0（已证明最优）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="559"/>
        <source>Objective ({}): {:,.1f}; best bound: {}; optimality gap: {}.</source>
        <translation>目标值（{}）：{:,.1f}；最优界：{}；最优性差距：{}。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="562"/>
        <source>Residents within {:g} m: before {:,.0f} ({:.1%}), after {:,.0f} ({:.1%}) of {:,.0f}; {:,.0f} out of reach of every candidate and existing facility.</source>
        <translation>{:g} 米内的居民：选址前 {:,.0f}（{:.1%}），选址后 {:,.0f}（{:.1%}），共 {:,.0f}；{:,.0f} 人不在任何候选点和现有设施的可达范围内。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="567"/>
        <source>Population-weighted distance {:,.0f} m (mean {:,.0f} m per resident served); {:,.0f} residents beyond reach of every open site.</source>
        <translation>人口加权距离 {:,.0f} 米（每位被服务居民平均 {:,.0f} 米）；{:,.0f} 名居民不在任何开放设施的可达范围内。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="574"/>
        <source>  #{} {}: +{:,.0f} residents newly covered, {:,.0f} cumulative.</source>
        <translation>  #{} {}：新增覆盖 {:,.0f} 名居民，累计 {:,.0f}。</translation>
    </message>
    <message>
        <location filename="../processing/styles.py" line="27"/>
        <source>Could not apply the style {}: {}</source>
        <translation>无法应用样式 {}：{}</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="4"/>
        <source>Monitoring across years (监测评估): compares two units outputs of 'Facility coverage' — last year's and this year's, or two scenarios — unit by unit, matched on the unit id field.

Outputs: a layer with the change of each category's covered share (dc_Q01… in percentage points) and of the number of 十全/十美 categories met, styled gains/losses; and a table with one row per unit and category (before, after, change) for reports and the ledger's 成效评估 sheet. Units present in only one of the two are kept with empty values and listed in the log.</source>
        <translation>监测评估：比较“设施服务覆盖”的两份单元结果 —— 上一年度与本年度，或两个方案 —— 按单元编号字段逐单元匹配。

输出：一个图层，记录各类别覆盖比例的变化（dc_Q01…，单位为百分点）以及十全/十美达标类别数的变化，按提升/下降分色显示；一张表，每个单元每个类别一行（之前、之后、变化），供报告和台账的“成效评估”工作表使用。只在其中一份结果中出现的单元也会保留（数值为空），并在日志中列出。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="8"/>
        <source>Converts every vertex of a layer between WGS 84 and the shifted coordinates of Chinese web maps, so that POIs downloaded from them line up with survey, OpenStreetMap and planning data.

GCJ-02 (国测局坐标, 'Mars coordinates') is the obfuscated datum every map published in China must use: AMap/高德, Tencent/腾讯 and Apple or Google maps inside China; it moves points by roughly 100–700 m. BD-09 (百度坐标) is Baidu's further shift of GCJ-02 (about another 1 km): Baidu Maps and its APIs. GPS receivers, OpenStreetMap and CGCS2000 planning data are in WGS 84 (CGCS2000 agrees with it to a few centimetres).

The layer must be in a geographic longitude/latitude CRS (EPSG:4326, or EPSG:4490 for CGCS2000); the output keeps its CRS, attributes and geometry type (points, lines, polygons, multi-part, Z and M). The conversion back to WGS 84 is solved iteratively, so converting back and forth returns to the same place within millimetres.

GCJ-02 and BD-09 are only defined inside China: points outside China's bounding box (longitude 72.004–137.8347°E, latitude 0.8293–55.8271°N) are left unchanged, and the log counts and lists such features. Features without geometry pass through unchanged.</source>
        <translation>在 WGS 84 与中国网络地图的偏移坐标之间转换图层的每个节点，使从这些地图下载的 POI 能与测绘、OpenStreetMap 和规划数据对齐。

GCJ-02（国测局坐标，俗称“火星坐标”）是在中国公开发布的地图都必须采用的加偏坐标：高德、腾讯以及 Apple、Google 地图的中国境内部分均使用它，偏移约 100–700 米。BD-09（百度坐标）是百度在 GCJ-02 基础上的再次加偏（约再偏 1 公里），用于百度地图及其 API。GPS 接收机、OpenStreetMap 和 CGCS2000 规划数据均为 WGS 84（CGCS2000 与之相差仅几厘米）。

图层必须采用地理（经纬度）坐标参考系（EPSG:4326，或 CGCS2000 的 EPSG:4490）；输出保留原图层的坐标参考系、属性和几何类型（点、线、面、多部件、Z 值和 M 值）。转换回 WGS 84 采用迭代求解，来回转换后回到原位，误差在毫米以内。

GCJ-02 和 BD-09 只在中国境内有定义：位于中国外包框（经度 72.004–137.8347°E，纬度 0.8293–55.8271°N）之外的点保持不变，日志中会统计并列出这些要素。没有几何的要素原样输出。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="14"/>
        <source>Groups blocks (居委 areas or 居住街坊) into life-circle basic units that people walk, aligned with the existing grids, as Shanghai's action plan asks.

Rules, in the order they win when they cannot all hold: (1) always — every unit is contiguous, inside one 街镇 and not split by a barrier (expressways, railways, rivers separate blocks unless the walking network crosses them between the two: a bridge or an underpass); locked blocks keep their unit; each seed anchors a unit and is its centre; (2) the population band POP_MIN–POP_MAX wherever the 街镇's own connected blocks allow it (a 街镇 too small for the floor becomes one flagged unit, never merged across the boundary); (3) every block within MAX_WALK of its unit's centre along the network. The band and MAX_WALK come from the preset of the area type (主城区, 新城, 新市镇, 乡村, GB 50180-2018; resources/rules/unit_presets.csv names each one's source and says which are drafts or interpretations) unless you give them; without MAX_WALK, blocks typed 乡村 keep the 乡村 preset's radius. Among layouts that keep the rules, the most units, then the shortest population-weighted walk to the centres; finally unit boundaries are smoothed for compactness (4πA/P²) wherever every rule holds as well as before (the walk to the centres may grow a little).

Blocks are neighbours when their boundaries face each other along at least the minimum shared boundary, closer than the adjacency gap (slivers, streets, a river corridor between them); corner-only contact does not count. The centre of a unit is its seed, or the block that minimises the population-weighted walking distance; walking distance runs between the blocks' representative points along the network (straight lines without a network).

Outputs: units (dissolved blocks) with unit_id (街镇-sequence, or the locked label), population, area, number of blocks, type, centre, maximum and mean walking distance from the centre, compactness (4πA/P²) and a flag with the reason for every rule a unit misses; the blocks with their unit_id and walking distance to the centre; optionally the centres. Deterministic: the same input and random seed give the same units.</source>
        <translation>按照上海行动方案的要求，将街坊（居委辖区或居住街坊）组合为居民步行可达的生活圈基本单元，并与现有网格衔接。

规则按不能同时满足时的优先顺序：(1) 必须满足 —— 每个单元空间连续、位于同一街镇内、不被障碍分隔（快速路、铁路、河流会把两侧街坊隔开，除非步行网络在两者之间跨越它：桥梁或地下通道）；锁定的街坊保留在其单元中；每个种子点锚定一个单元并作为其中心；(2) 只要街镇自身相连的街坊允许，人口规模就落在 POP_MIN–POP_MAX 区间内（人口达不到下限的街镇单独成为一个带标记的单元，绝不跨街镇边界合并）；(3) 每个街坊沿步行网络到所在单元中心的距离不超过 MAX_WALK。人口区间和 MAX_WALK 取自所选地区类型的预设（主城区、新城、新市镇、乡村、GB 50180-2018；resources/rules/unit_presets.csv 写明各自来源，并说明哪些是征求意见稿或解读），除非你另行给出；未给 MAX_WALK 时，类型为乡村的街坊沿用乡村预设的半径。在满足规则的划分方案中，先取单元数最多者，再取人口加权步行距离最短者；最后，在每条规则都保持得不比之前差的前提下平滑单元边界、提高紧凑度（4πA/P²）（到中心的步行距离可能略有增加）。

两个街坊的边界在不小于“最小共享边界”的长度上相对、且间距小于“邻接间隙”（其间可以是碎缝、街道或河道）时视为相邻；仅角点相接不算相邻。单元中心为其种子点，或使人口加权步行距离最小的街坊；步行距离沿步行网络在街坊代表点之间计算（没有步行网络时用直线距离）。

输出：单元（街坊融合而成），字段包括 unit_id（街镇-序号，或锁定标签）、人口、面积、街坊数、类型、中心、到中心的最大和平均步行距离、紧凑度（4πA/P²），以及标明单元未满足哪条规则及原因的标记；街坊及其 unit_id 和到中心的步行距离；可选输出单元中心。结果确定：相同的输入和随机种子得到相同的单元。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="20"/>
        <source>Makes the resident points every other LifeCircle algorithm needs from what planners are given: population per census polygon (居委/小区 from the 七普 census or 街道 statistics), optionally by age group, and building footprints with floors or height.

Each polygon's population is shared among the residential buildings inside it in proportion to their floor area (footprint × floors; or footprint only, or one share per building), in whole residents: every polygon's total — and every age group's — is kept exactly (largest-remainder rounding). A building across two polygons is cut by them and each piece takes its share of its own polygon. No building gets more residents of a group than residents.

Floors come from the floors field, else from the height ÷ storey height (3 m by default); a building with neither counts as one storey and is listed. With a use field, only buildings whose use is one of the residential values count. A polygon with no residential building keeps its residents on a point on its surface (flagged); buildings in no polygon are listed and left out.

Output: one point per residential building (its centre), with the building's fields, the census polygon, population and the age-group counts in the fields facility coverage, project impact, potential space and siting read (pop_0_3, pop_3_6, pop_6_12, pop_60p, pop_80p): elderly care is then measured over older residents, childcare over small children.</source>
        <translation>由规划师手头的资料生成其他 LifeCircle 算法所需的居民点：各普查单元面的人口（七普的居委/小区，或街道统计），可含年龄人群，以及带层数或高度的建筑基底。

每个面的人口按面内居住建筑的建筑面积（占地 × 层数；或仅占地面积，或每栋一份）按比例分配，以整人计：每个面的总数——以及每个年龄人群的人数——都严格保持不变（最大余数法取整）。跨两个面的建筑按面切分，每部分分得其所在面的份额。任何建筑分得的某人群人数都不超过其居民数。

层数取自层数字段，否则为高度 ÷ 层高（默认 3 米）；两者皆无的建筑按一层计并列出。给出用途字段时，只计用途为居住类取值的建筑。没有居住建筑的面，其居民放在面内一点上（加标记）；不在任何面内的建筑列出且不计入。

输出：每栋居住建筑一个点（其中心），带建筑字段、所属普查单元、人口以及年龄人群人数，字段名为设施覆盖、项目成效、潜力空间和选址读取的 pop_0_3、pop_3_6、pop_6_12、pop_60p、pop_80p：为老服务随后按老年人计算，托育按婴幼儿计算。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="26"/>
        <source>Writes the annual project list (年度项目实施清单) as an Excel workbook for the district offices, in Chinese: 项目台账 (the projects grouped by 街镇 with investment subtotals and a total; the columns the office fills — 项目状态, 进度, planned and actual 开工/完工 dates, 一图三会 dates and outcomes (attendance, public notice, votes, satisfaction, feedback), 备注 — are yellow, unlocked and have dropdowns / checks; the rest, with the project source, budget year and funding by source, is protected without a password; A3 landscape, fit to width), 汇总 (counts and investment by 街镇 × status and by 十全/十美 category, with charts; when the list has yearly targets (the project dock's 年度目标…), each year's targets per 街镇 or district against the projects started, completed and the investment, with a chart) and 说明 (what, from which layer, when, and how to return it).

Optional results add sheets: coverage units (Facility coverage) → 单元体检 and the gaps of 缺项与选址; siting results → recommended sites in 缺项与选址; potential-space parcels → 潜力空间; Project impact / Compare coverage units and Project impact projects → 成效评估.

YEARS: empty = the latest year of the list; 0 or 'all' = every year; or e.g. 2026, 2025,2026, 2024-2026. SUBDISTRICTS: empty = all 街镇, or a comma-separated list (东湖 matches 东湖街道).

Each project row carries a hidden fingerprint of its values: 'Import ledger updates' takes the office's changes back and flags projects changed in QGIS since the export as conflicts.</source>
        <translation>将年度项目实施清单导出为中文 Excel 工作簿，发给各街镇：项目台账（项目按街镇分组，含投资小计和合计；由街镇填写的列 —— 项目状态、进度、计划与实际开工/完工日期、一图三会日期与结果（参会人数、公示、投票、满意度、反馈）、备注 —— 为黄色、未锁定并带下拉列表/校验；其余部分（含项目来源、预算年度和分来源资金）设为保护（不设密码）；A3 横向，适应页宽）、汇总（按街镇 × 状态、按十全/十美类别统计的项目数和投资，附图表；清单设有年度目标（项目清单面板的“年度目标…”）时，另列各年度按街镇或全区的目标与实际开工、完工和投资，附图表）和说明（内容、来源图层、导出时间及返回方式）。

可选的成果会增加工作表：覆盖单元（设施服务覆盖）→ 单元体检，以及缺项与选址中的缺项；选址结果 → 缺项与选址中的推荐选址；潜力空间地块 → 潜力空间；项目成效或覆盖对比的单元、项目成效的项目 → 成效评估。

YEARS：留空 = 清单中最新的年度；0 或 'all' = 全部年度；或如 2026、2025,2026、2024-2026。SUBDISTRICTS：留空 = 全部街镇，或以逗号分隔的列表（东湖 可匹配 东湖街道）。

每个项目行带有一个隐藏的数值指纹：“导入台账更新”会取回街镇的改动，并把导出后又在 QGIS 中改动过的项目标为冲突。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="32"/>
        <source>The life-circle 体检: for every resident point and every unit, which 十全 (must-have) and 十美 (optional) facility categories are within walking distance along the network, what share of residents each covers, and where the gaps are.

Facilities (points or polygons) get a checklist code from their category field: checklist codes (Q01…M10), AMap (高德) type codes or names, or OSM tags, through the bundled mapping tables or your own table (columns source, pattern, match, code). Values that map to no category are counted in the log.

Walking distance = from the resident to the network (access), along the network, and from the network to the facility; points farther than the snap tolerance from the network are reported as unreachable. A category is met in a unit when the share of the unit's residents within its threshold reaches the target: the profile's (Shanghai: 85 % for 2025, its target year; 99 % for 2035) unless TARGET is set.

Thresholds come from the profile: Shanghai's 十全/十美 (derived from GB 50180-2018's 5/10/15-minute tiers of 300/500/800–1,000 m, the Shanghai 2016 guideline and MOFCOM's 一刻钟便民生活圈) or the national GB 50180-2018 / TD/T 1062-2021 tiers; THRESHOLDS overrides single categories (e.g. Q05=300).

Outputs: residents with the distance to each category (d_Q01…, empty when beyond the search limit), units with covered shares (c_Q01… in %), facilities inside (n_Q01…), 十全/十美 met, missing categories in Chinese, target met, the '1+N' check and a score (7 points per 十全 and 3 per 十美 category met); facilities with their code, the residents they serve and their '1+N' role; optionally the service area of each category.

'1+N': a unit has its one-stop centre (one_stop) when a facility flagged in the one-stop field hosts every one-stop function of the profile (its own category, the codes or category names of its functions field, and the categories of facilities within the centre radius, 30 m by default) and has the profile's floor area (Shanghai: 800 m², where the area is known); centre_type is the first rule of the profile's centres table it meets (理想型 全龄共享 / 基本型 服务老幼 / 特色型); missing_fn lists the one-stop functions it lacks. The unit's other facilities of 50–200 m² are its N points (small_points): n_linked are within the link walk of the centre along the network (the profile's small_point_link_m, 1,000 m for Shanghai), n_unlinked are not (or the unit has no centre).

Unit types: with a unit type field (居住/商务/产业/乡村, as 'Delineate units' writes unit_type) and profiles by unit type (e.g. 乡村=national), each unit is judged by its type's profile: thresholds, target and '1+N' rules; the units output names it (profile).

Population groups: when the residents carry age-group fields (pop_0_3, pop_3_6, pop_6_12, pop_60p, pop_80p — 'Distribute population' writes them), a category the profile says serves a group (为老服务 60+, 保育托幼 0–3 and 3–6, 儿童托管 6–12) is measured over that group: c_Q05 is the share of residents aged 60+ within reach, call_Q05 the share of all residents and sv_Q05 the residents aged 60+; the facilities' figures count the group too.</source>
        <translation>生活圈“体检”：对每个居民点和每个单元，沿步行网络计算哪些十全（必配）和十美（选配）类别的设施在步行距离内、各类别覆盖了多大比例的居民，以及缺口在哪里。

设施（点或面）按其类别字段获得清单代码：清单代码（Q01…M10）、高德类型代码或名称、OSM 标签，通过内置映射表或你自己的映射表（列 source、pattern、match、code）转换。无法对应到任何类别的值会在日志中统计。

步行距离 = 居民到步行网络的接入距离 + 沿网络的距离 + 网络到设施的距离；距离网络超过捕捉容差的点记为不可达。单元中在某类别阈值内的居民比例达到目标时，该类别在该单元达标：目标取自配置（上海：目标年 2025 年为 85%；2035 年为 99%），除非设置了 TARGET。

阈值取自配置标准：上海十全/十美（依据 GB 50180-2018 的 5/10/15 分钟分级 300/500/800–1000 米、《上海市15分钟社区生活圈规划导则》（2016）和商务部一刻钟便民生活圈），或国家 GB 50180-2018 / TD/T 1062-2021 分级；THRESHOLDS 可覆盖单个类别（如 Q05=300）。

输出：居民点及其到各类别的距离（d_Q01…，超出搜索范围时为空）；单元及其覆盖比例（c_Q01…，单位 %）、单元内设施数（n_Q01…）、十全/十美达标数、缺项类别（中文）、是否达到目标、“1+N”检查和得分（每个达标的十全类别 7 分、十美类别 3 分）；设施及其代码、服务的居民数和“1+N”角色；可选输出各类别的服务范围。

“1+N”：当一站式标记字段所标记的设施具备配置要求的全部一站式功能（其自身类别、功能字段中的编码或类别名称，以及中心半径内（默认 30 米）设施的类别），且达到配置的面积下限（上海：800 平方米，面积已知时），该单元即有一站式中心（one_stop）；centre_type 为其满足的配置中心类型表中的第一条规则（理想型 全龄共享 / 基本型 服务老幼 / 特色型）；missing_fn 列出其缺少的一站式功能。单元内其他 50–200 平方米的设施为 N 个站点（small_points）：n_linked 为沿路网在连通步行距离内（配置的 small_point_link_m，上海为 1,000 米）到达中心的站点，n_unlinked 为未连通的（或单元没有中心）。

单元类型：给出单元类型字段（居住/商务/产业/乡村，“划示基本单元”写出的 unit_type）和按单元类型的配置（如 乡村=national）时，每个单元按其类型的配置评价：阈值、目标和“1+N”规则；单元输出写明所用配置（profile）。

人群：居民带有年龄人群字段（pop_0_3、pop_3_6、pop_6_12、pop_60p、pop_80p，由“人口分配到建筑”写出）时，清单配置中指明服务某一人群的类别（为老服务 60+，保育托幼 0–3 和 3–6，儿童托管 6–12）按该人群计算：c_Q05 为步行范围内 60 岁及以上居民的占比，call_Q05 为全体居民的占比，sv_Q05 为 60 岁及以上居民数；设施的服务人数也按该人群计。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="42"/>
        <source>Reads a ledger workbook returned by a district office (exported by 'Export Excel ledger' and saved by Excel, WPS or LibreOffice) and takes the office's updates back into the project list: rows are matched by 项目编号, and only the fields offices own are taken (项目状态, 进度, 开工/完工日期, 听证会/协调会/评议会, 备注).

With APPLY off (the default) nothing is written: every change (project, field, old → new) is listed in the log and in the preview table. A project changed in QGIS since the export (its hidden fingerprint differs) is a conflict, shown side by side (exported / office / QGIS now) and never overwritten. Unknown or duplicate ids, values outside the dropdown lists, progress outside 0–100, an end before the start, formulas without a saved result, merged cells, a missing sheet or column are errors with sheet, row and column.

With APPLY on, the changes are written through the layer's edit buffer and saved all together — or not at all: an import with errors changes nothing, and any failure while saving rolls everything back. Each project is checked again as it is saved: one changed in the list since the workbook was read (a colleague's save, another office's import landing first) is not overwritten — it becomes a conflict, and the other projects are saved (on a shared GeoPackage or PostGIS list in one transaction, with the database's version check). The layer must not have unsaved edits of its own. Formulas are never evaluated: their saved results are used.</source>
        <translation>读取街镇返回的台账工作簿（由“导出 Excel 台账”导出，经 Excel、WPS 或 LibreOffice 保存），把街镇的更新写回项目清单：按项目编号匹配行，只取街镇负责填写的字段（项目状态、进度、开工/完工日期、听证会/协调会/评议会、备注）。

APPLY 关闭（默认）时不写入任何内容：每处改动（项目、字段、原值 → 新值）都列在日志和预览表中。导出后又在 QGIS 中改动过的项目（其隐藏指纹不同）视为冲突，并排显示（导出时 / 街镇填报 / QGIS 现在），绝不覆盖。未知或重复的编号、不在下拉列表中的值、超出 0–100 的进度、完工早于开工、没有保存计算结果的公式、合并单元格、缺少的工作表或列都会报错，并指出工作表、行和列。

APPLY 打开时，改动通过图层的编辑缓冲区写入并一次性全部保存 —— 要么全部成功，要么全部不写：有错误的导入不做任何修改，保存时出现任何故障都会全部回滚。保存时会再次检查每个项目：读取工作簿之后清单中又被改动的项目（同事的保存、另一街镇的导入先写入）不会被覆盖，而是成为冲突，其余项目照常保存（共享的 GeoPackage 或 PostGIS 清单在一个事务中保存，并由数据库进行版本检查）。图层本身不能有未保存的编辑。公式从不重新计算：使用其保存的结果。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="47"/>
        <source>Finds parcels that could take the missing facilities (找空间), scores them and says why in Chinese.

Kinds of potential, by the rules table (bundled resources/rules/potential_space.csv, or your own copy): 闲置 idle or vacant land and buildings; 低效 low-efficiency land (industrial/warehouse use inside residential zones, FAR far below the same land use in its zone, old low-rise buildings); 金角银边 small leftover pieces (50–2,000 m²) under elevated roads, at street corners and along streets; 附属空间 affiliated space that can open or be shared by time (schools' sports grounds, institutions' green space). Each rule's thresholds are a row of the table.

Land use may be class names (居住, 工业 …), GB 50137-2011 or 用地用海分类 codes, or text labels: the bundled land_use.csv translates them. Status: idle/vacant/in_use (or 闲置/空置/使用中). Without an area field the area is computed from the geometry.

Zones (居委 or life-circle units) tell whether a parcel lies in a residential area: by their type field, or by the share of housing among their parcels; without zones, the parcels within 300 m.

Constraints (heritage protection, ecological red lines, road red lines) exclude the parcels they overlap, or are cut out of them.

With COVERAGE (the 'Residents with walking distances' output of Facility coverage, with its d_Q01… fields), each parcel counts the residents who lack each category within the category's walking threshold of the parcel, along the network. The score is a weighted sum: kind × strength of the rule, need (uncovered residents in the categories the parcel can take: it is large enough — the profile's min_area_m2 — and the kind of space suits them; 十美 count half), usable area and ownership; weights in the rules file or WEIGHTS (e.g. need=50, area=10).</source>
        <translation>寻找可以补足缺项设施的地块（找空间），为其评分并用中文说明理由。

潜力类型依据规则表（内置 resources/rules/potential_space.csv，或你自己的副本）：闲置 —— 闲置或空置的土地和建筑；低效 —— 低效用地（居住片区内的工业/仓储用地、容积率远低于同片区同类用地、低层老旧建筑）；金角银边 —— 高架下、街角和沿街的零星边角空间（50–2000 m²）；附属空间 —— 可以开放或分时共享的附属空间（学校运动场、机关单位绿地）。每条规则的阈值都是规则表中的一行。

用地性质可以是类别名称（居住、工业 …）、GB 50137-2011 或《国土空间调查、规划、用途管制用地用海分类指南》代码，或文字标签：由内置的 land_use.csv 转换。使用状态：idle/vacant/in_use（或 闲置/空置/使用中）。没有面积字段时按几何计算面积。

片区（居委或生活圈基本单元）用于判断地块是否位于居住片区：依据其类型字段，或其中地块的住宅比例；没有片区时，取地块周边 300 米内的地块判断。

限制条件（历史风貌保护、生态保护红线、道路红线）会排除与其重叠的地块，或从地块中裁掉。

提供 COVERAGE（“设施服务覆盖”的“居民点及步行距离”输出，带 d_Q01… 字段）时，每个地块会沿步行网络统计在各类别步行阈值内、且缺少该类别的居民数。得分为加权和：潜力类型 × 规则强度、需求（地块可承载类别中未覆盖的居民：面积足够 —— 配置标准的 min_area_m2 —— 且空间类型适合；十美类别按一半计）、可用面积和权属；权重在规则表中设定，或用 WEIGHTS 指定（如 need=50, area=10）。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="55"/>
        <source>Cleans a line layer (e.g. OpenStreetMap streets opened in QGIS, or a centre-line dataset) into the routable walking network every LifeCircle analysis uses.

Nodes are placed at line ends and at every vertex two lines share (as OSM ways meet); optionally also where lines cross without a shared vertex (centre-line data). Line ends closer than the node tolerance are joined and reported; zero-length and duplicate edges are dropped; classes nobody walks on (motorway, trunk — in Shanghai the elevated Yan'an and North–South roads — and their ramps) are left out.

Outputs: the edges with their length in metres and connected-component id (0 = the largest), the nodes with their degree (degree 1 = dangle), and counts in the log and as output values. Check the components: a facility on a small island of network cannot serve residents on the main one.</source>
        <translation>把线图层（例如在 QGIS 中打开的 OpenStreetMap 街道，或道路中心线数据）清理成可寻路的步行网络，供 LifeCircle 的各项分析使用。

节点设在线的端点以及两条线共享的每个节点上（即 OSM 道路的衔接处）；也可选择在没有共享节点的相交处打断（道路中心线数据）。间距小于节点容差的端点会被连接并记录；零长度边和重复边会被删除；无人步行的道路等级（motorway、trunk —— 在上海即延安路高架、南北高架等 —— 及其匝道）不参与。

输出：边及其长度（米）和连通分量编号（0 = 最大分量），节点及其度（度为 1 即悬挂点），以及日志和输出值中的各项统计。请检查连通分量：位于网络孤岛上的设施无法服务主网络上的居民。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="60"/>
        <source>What the year's projects buy — the evidence for the 评议会 and the 监测评估 step: facility coverage is computed before and after adding the selected projects of the annual list (年度项目实施清单) as facilities of their checklist category, on the same network with the same snapping.

Projects are selected by YEAR (0 = every year) and STATUSES (default 在建, 完工, 运营; add 谋划/前期 to test a draft list). A polygon project counts at its point on surface. Projects without a checklist category or a location are listed with the reason, never dropped silently.

Outputs: units with the covered share of each category before and after (cb_Q01/ca_Q01 %), 十全/十美 met before and after, target met before and after, residents newly covered and the categories improved; projects with the residents newly covered by each alone, and credited in the order of the list (ordered by project id, so the credits add up to the total gain), flagged '与现有服务重叠' when they cover nobody new; residents with the distance before and after for the categories that changed.</source>
        <translation>年度项目带来了什么 —— 为评议会和监测评估提供依据：在同一步行网络、相同捕捉设置下，分别计算加入年度项目实施清单中所选项目（作为其清单类别的设施）之前和之后的设施服务覆盖。

项目按 YEAR（0 = 全部年度）和 STATUSES（默认 在建、完工、运营；加入 谋划/前期 可检验清单草案）筛选。面状项目取其面内点。没有清单类别或没有位置的项目会连同原因列出，绝不悄悄丢弃。

输出：单元及各类别实施前后的覆盖比例（cb_Q01/ca_Q01，%）、实施前后的十全/十美达标数、是否达到目标、新增覆盖的居民和得到改善的类别；项目及其各自单独新增覆盖的居民，以及按清单顺序（按项目编号排序，各项之和等于总增量）计入的新增覆盖，没有新增覆盖任何人的项目标为“与现有服务重叠”；居民点及其在有变化的类别上实施前后的距离。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="65"/>
        <source>Turns what residents asked for — 问需求计 survey answers, 12345 hotline complaints, suggestion-box or mini-program reports — into data the other algorithms use.

Each need's text (or code) is read for the checklist categories it asks for: a code such as Q05 is taken as it is; otherwise the needs vocabulary (resources/mappings/needs.csv, or your own table with columns pattern, code) finds every category whose phrase the text contains — the longest phrase wins, and phrases marked '-' (养老保险, 健身器材店 …) are not needs, and a phrase marked 'x' (学费, 收费, 办理 …: a complaint about price, fees or paperwork) sets aside its clause; then the facility mapping tables are tried. Texts that map to nothing are listed in the log, never guessed. Votes or weights count each need that many times (empty: 1). Points from AMap/Tencent (GCJ-02) or Baidu (BD-09) are converted to WGS 84; a table without geometry can give longitude and latitude fields.

Outputs: every need with its categories (lc_codes), the phrase that decided them and its unit; and a table per unit and category with the number of needs, the weighted number and the rate per 1,000 residents. With the units output of 'Facility coverage' as units, the table also ranks the expressed-and-measured gaps: categories below the coverage target in a unit that its residents asked for (most asked per 1,000 residents first).

The needs output is the NEEDS input of facility coverage, potential space, siting and the ledger export.</source>
        <translation>把居民提出的需求——问需求计问卷回答、12345 热线工单、意见箱或小程序反映——变成其他算法可用的数据。

逐条读取需求文字（或代码）所要求的清单类别：Q05 这样的代码直接采用；否则用需求词表（resources/mappings/needs.csv，或自定义的 pattern、code 两列表格）找出文字中出现的每个类别短语——重叠时取最长的短语，标为“-”的短语（养老保险、健身器材店……）不是需求，标为“x”的短语（学费、收费、办理……：对价格、收费或手续的抱怨）使其所在分句不计为需求；再尝试设施映射表。识别不出的文字在日志中列出，绝不猜测。票数或权重使每条需求按该数计（空：1）。高德/腾讯（GCJ-02）或百度（BD-09）的点转换为 WGS 84；无几何的表可给出经纬度字段。

输出：每条需求及其类别（lc_codes）、判定所依据的短语和所在单元；以及按单元和类别的表：需求条数、加权数和每千人需求数。以“设施覆盖”的单元输出作为单元时，表中还对“既测得又提出”的缺项排序：单元内低于覆盖目标且居民提出的类别（每千人需求多者在前）。

需求输出可作为设施覆盖、潜力空间、选址和台账导出的 NEEDS 输入。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="71"/>
        <source>Chooses sites among candidates (e.g. the potential-space output) for a facility category, by walking distance along the network or from a cost matrix you bring (e.g. an OD matrix from QNEAT3 or ORS Tools).

Models: maximal covering (MCLP) — P new sites that bring the most residents within the threshold, residents already within reach of an EXISTING facility counting as covered; set covering (LSCP) — the fewest sites that bring the covered share to TARGET (existing facilities included), and with that many sites the most covered; p-median — P sites that minimise the population-weighted walking distance, everyone going to the nearest open site (existing facilities stay open), optionally only within MAX_DISTANCE.

THRESHOLD is the walking distance that counts as covered; leave it at 0 to take the CATEGORY's threshold from the profile (e.g. Q05 为老服务: 500 m).

Solvers: exact (mixed-integer programming with HiGHS, stopped after TIME_LIMIT seconds with the best solution and its gap), greedy (MCLP: at least 63.2 % of the optimum guaranteed, usually far better, then improved by swaps; p-median: greedy then Teitz–Bart interchange), or automatic. The summary reports the objective, coverage before and after, the solver, the optimality gap (0 = proven optimum) and the time.

Outputs: the chosen sites with rank (in the order that adds the most), residents newly covered by each (marginal), cumulative coverage and the candidate's own attributes; allocation lines from each resident point to its site (the nearest chosen site covering it; for p-median the assigned site, which may be an existing facility). Lines are straight, for display: distances are along the network.</source>
        <translation>为某一设施类别在候选点（例如潜力空间的输出）中选址，距离采用沿步行网络的步行距离，或你提供的成本矩阵（例如 QNEAT3 或 ORS Tools 生成的 OD 矩阵）。

模型：最大覆盖（MCLP）—— 新增 P 处设施，使阈值内的居民最多，已在某处现有设施（EXISTING）服务范围内的居民视为已覆盖；集合覆盖（LSCP）—— 以最少的设施使覆盖比例达到 TARGET（含现有设施），并在该设施数下覆盖最多；P 中值（p-median）—— P 处设施使人口加权步行距离最小，每位居民前往最近的开放设施（现有设施保持开放），可选仅限 MAX_DISTANCE 以内。

THRESHOLD 是视为覆盖的步行距离；保持为 0 时取配置标准中 CATEGORY 的阈值（例如 Q05 为老服务：500 米）。

求解器：精确求解（用 HiGHS 求解混合整数规划，TIME_LIMIT 秒后停止，给出当前最优解及其差距）、贪心算法（MCLP：保证至少达到最优值的 63.2%，通常远好于此，再以交换法改进；P 中值：贪心后做 Teitz–Bart 交换），或自动选择。汇总中报告目标值、选址前后的覆盖、所用求解器、最优性差距（0 = 已证明最优）和用时。

输出：入选的选址点及其排序（按新增贡献从大到小）、各自新增覆盖的居民（边际）、累计覆盖以及候选点自身的属性；从每个居民点到其设施的分配线（覆盖它的最近入选设施；P 中值为分配到的设施，可能是现有设施）。分配线为直线，仅用于显示：距离沿步行网络计算。</translation>
    </message>
    <message>
        <location filename="../resources/help/help_text.json" line="80"/>
        <source>Gated compounds (封闭小区): give COMPOUNDS (polygons) and GATES (points) and every point inside a gated compound — residents, facilities, candidate sites — reaches the street only through its compound's gates: the walk to a gate (straight, times the detour factor) plus the gate's own join to the street, the best gate for each destination. Compounds marked open are left alone. 'Check access at' (e.g. 22:00) leaves out gates closed at that hour. The log lists gates near no compound or far from every street, overlapping and multipart compounds, and compounds without a usable gate (their points join the nearest street through the wall, or the run stops, as you choose). AMap exports work directly: type fields pick the 住宅小区 AOIs and 临街院门 gates, and GCJ-02 is converted on the way in.</source>
        <translation>封闭小区：提供 COMPOUNDS（面）和 GATES（点）后，位于封闭小区内的每个点——居民、设施、候选用地——只能经所在小区的出入口到达道路：步行到出入口（直线距离乘以绕行系数），再加上出入口自身接入道路的距离；对每个目的地取最优出入口。标为开放的小区不受影响。“检查时刻”（如 22:00）会排除该时刻关闭的出入口。日志列出不靠近任何小区或远离所有道路的出入口、相互重叠和多部分的小区，以及没有可用出入口的小区（其中的点按您的选择穿墙就近接入道路，或停止运行）。高德导出数据可直接使用：类型字段选出住宅小区 AOI 和临街院门，GCJ-02 坐标在读入时转换。</translation>
    </message>
    <message>
        <source>Groups blocks (居委 areas or 居住街坊) into life-circle basic units that people walk, aligned with the existing grids, as Shanghai's action plan asks.

Rules, in the order they win when they cannot all hold: (1) always — every unit is contiguous, inside one 街镇 and not split by a barrier (expressways, railways, rivers separate blocks unless the walking network crosses them between the two: a bridge or an underpass); locked blocks keep their unit; each seed anchors a unit and is its centre; (2) the population band POP_MIN–POP_MAX wherever the 街镇's own connected blocks allow it (a 街镇 too small for the floor becomes one flagged unit, never merged across the boundary); (3) every block within MAX_WALK of its unit's centre along the network. The band and MAX_WALK come from the preset of the area type (主城区, 新城, 新市镇, 乡村, GB 50180-2018; resources/rules/unit_presets.csv names each one's source and says which are drafts or interpretations) unless you give them; without MAX_WALK, blocks typed 乡村 keep the 乡村 preset's radius. Among layouts that keep the rules, the most units, then the shortest population-weighted walk to the centres.

Blocks are neighbours when their boundaries face each other along at least the minimum shared boundary, closer than the adjacency gap (slivers, streets, a river corridor between them); corner-only contact does not count. The centre of a unit is its seed, or the block that minimises the population-weighted walking distance; walking distance runs between the blocks' representative points along the network (straight lines without a network).

Outputs: units (dissolved blocks) with unit_id (街镇-sequence, or the locked label), population, area, number of blocks, type, centre, maximum and mean walking distance from the centre, compactness (4πA/P²) and a flag with the reason for every rule a unit misses; the blocks with their unit_id and walking distance to the centre; optionally the centres. Deterministic: the same input and random seed give the same units.</source>
        <translation type="obsolete">按照上海行动方案的要求，将街坊（居委辖区或居住街坊）组合为居民步行可达的生活圈基本单元，并与现有网格衔接。

规则按不能同时满足时的优先顺序：(1) 必须满足 —— 每个单元空间连续、位于同一街镇内、不被障碍分隔（快速路、铁路、河流会把两侧街坊隔开，除非步行网络在两者之间跨越它：桥梁或地下通道）；锁定的街坊保留在其单元中；每个种子点锚定一个单元并作为其中心；(2) 只要街镇自身相连的街坊允许，人口规模就落在 POP_MIN–POP_MAX 区间内（人口达不到下限的街镇单独成为一个带标记的单元，绝不跨街镇边界合并）；(3) 每个街坊沿步行网络到所在单元中心的距离不超过 MAX_WALK。人口区间和 MAX_WALK 取自所选地区类型的预设（主城区、新城、新市镇、乡村、GB 50180-2018；resources/rules/unit_presets.csv 写明各自来源，并说明哪些是征求意见稿或解读），除非你另行给出；未给 MAX_WALK 时，类型为乡村的街坊沿用乡村预设的半径。在满足规则的划分方案中，先取单元数最多者，再取人口加权步行距离最短者。

两个街坊的边界在不小于“最小共享边界”的长度上相对、且间距小于“邻接间隙”（其间可以是碎缝、街道或河道）时视为相邻；仅角点相接不算相邻。单元中心为其种子点，或使人口加权步行距离最小的街坊；步行距离沿步行网络在街坊代表点之间计算（没有步行网络时用直线距离）。

输出：单元（街坊融合而成），字段包括 unit_id（街镇-序号，或锁定标签）、人口、面积、街坊数、类型、中心、到中心的最大和平均步行距离、紧凑度（4πA/P²），以及标明单元未满足哪条规则及原因的标记；街坊及其 unit_id 和到中心的步行距离；可选输出单元中心。结果确定：相同的输入和随机种子得到相同的单元。</translation>
    </message>
    <message>
        <source>Zones whose type is 居住 / 住宅 / residential (the rules file's residential_zone_values) are residential. Without it a zone is residential when housing is at least half of its parcels' area.</source>
        <translation type="obsolete">类型为 居住 / 住宅 / residential（规则表中的 residential_zone_values）的片区为居住片区。没有该字段时，住宅至少占片区内地块面积一半的片区为居住片区。</translation>
    </message>
    <message>
        <source>{}, column 'value': {} must be a positive area in m², got {!r}.</source>
        <translation type="obsolete">{}，“value”列：{} 必须是正的面积（平方米），而不是 {!r}。</translation>
    </message>
    <message>
        <source>{}, column 'value': {} must be a positive distance in metres, got {!r}.</source>
        <translation type="obsolete">{}，“value”列：{} 应为正的距离（米），实为 {!r}。</translation>
    </message>
    <message>
        <source>'1+N': {} of {} unit(s) have a one-stop centre with every one-stop function ({}); N points: {} linked, {} not linked (walk along the network from the centre).</source>
        <translation type="obsolete">“1+N”：{} / {} 个单元有功能齐全的一站式中心（{}）；N 个站点：{} 个连通，{} 个未连通（自中心沿路网步行）。</translation>
    </message>
    <message>
        <source>{} (row {}): status {} but progress {} %.</source>
        <translation type="obsolete">{}（第 {} 行）：状态为 {}，但进度为 {} %。</translation>
    </message>
    <message>
        <source>Shanghai central city 上海中心城区: 30,000–50,000 residents</source>
        <translation type="obsolete">上海中心城区：3–5 万人</translation>
    </message>
    <message>
        <source>Shanghai new towns 上海新城: 20,000 residents or more</source>
        <translation type="obsolete">上海新城：2 万人及以上</translation>
    </message>
    <message>
        <source>GB 50180-2018 15-minute life circle 十五分钟生活圈: 50,000–100,000 residents</source>
        <translation type="obsolete">GB 50180-2018 十五分钟生活圈：5–10 万人</translation>
    </message>
    <message>
        <source>Groups blocks (居委 areas or 居住街坊) into life-circle basic units that people walk, aligned with the existing grids, as Shanghai's action plan asks.

Rules, in the order they win when they cannot all hold: (1) always — every unit is contiguous, inside one 街镇 and not split by a barrier (expressways, railways, rivers separate blocks unless the walking network crosses them between the two: a bridge or an underpass); locked blocks keep their unit; each seed anchors a unit and is its centre; (2) the population band POP_MIN–POP_MAX wherever the 街镇's own connected blocks allow it (a 街镇 too small for the floor becomes one flagged unit, never merged across the boundary); (3) every block within MAX_WALK of its unit's centre along the network. Among layouts that keep the rules, the most units, then the shortest population-weighted walk to the centres.

Blocks are neighbours when their boundaries face each other along at least the minimum shared boundary, closer than the adjacency gap (slivers, streets, a river corridor between them); corner-only contact does not count. The centre of a unit is its seed, or the block that minimises the population-weighted walking distance; walking distance runs between the blocks' representative points along the network (straight lines without a network).

Outputs: units (dissolved blocks) with unit_id (街镇-sequence, or the locked label), population, area, number of blocks, type, centre, maximum and mean walking distance from the centre, compactness (4πA/P²) and a flag with the reason for every rule a unit misses; the blocks with their unit_id and walking distance to the centre; optionally the centres. Deterministic: the same input and random seed give the same units.</source>
        <translation type="obsolete">按照上海行动方案的要求，将街坊（居委辖区或居住街坊）组合为居民步行可达的生活圈基本单元，并与现有网格衔接。

规则按不能同时满足时的优先顺序：(1) 必须满足 —— 每个单元空间连续、位于同一街镇内、不被障碍分隔（快速路、铁路、河流会把两侧街坊隔开，除非步行网络在两者之间跨越它：桥梁或地下通道）；锁定的街坊保留在其单元中；每个种子点锚定一个单元并作为其中心；(2) 只要街镇自身相连的街坊允许，人口规模就落在 POP_MIN–POP_MAX 区间内（人口达不到下限的街镇单独成为一个带标记的单元，绝不跨街镇边界合并）；(3) 每个街坊沿步行网络到所在单元中心的距离不超过 MAX_WALK。在满足规则的划分方案中，先取单元数最多者，再取人口加权步行距离最短者。

两个街坊的边界在不小于“最小共享边界”的长度上相对、且间距小于“邻接间隙”（其间可以是碎缝、街道或河道）时视为相邻；仅角点相接不算相邻。单元中心为其种子点，或使人口加权步行距离最小的街坊；步行距离沿步行网络在街坊代表点之间计算（没有步行网络时用直线距离）。

输出：单元（街坊融合而成），字段包括 unit_id（街镇-序号，或锁定标签）、人口、面积、街坊数、类型、中心、到中心的最大和平均步行距离、紧凑度（4πA/P²），以及标明单元未满足哪条规则及原因的标记；街坊及其 unit_id 和到中心的步行距离；可选输出单元中心。结果确定：相同的输入和随机种子得到相同的单元。</translation>
    </message>
    <message>
        <source>Optional: a unit's type is the type holding most of its residents.</source>
        <translation type="obsolete">可选：单元的类型取其居民最多的街坊类型。</translation>
    </message>
    <message>
        <source>Residents per unit: Shanghai's central city 30,000–50,000, new towns 20,000 or more, GB 50180-2018's 15-minute life circle 50,000–100,000, or your own values.</source>
        <translation type="obsolete">每个单元的居民人数：上海中心城区 3–5 万人，新城 2 万人及以上，GB 50180-2018 十五分钟生活圈 5–10 万人，或自定义。</translation>
    </message>
    <message>
        <source>A 15-minute walk is about 800–1,000 m.</source>
        <translation type="obsolete">15 分钟步行约 800–1000 米。</translation>
    </message>
    <message>
        <source>Writes the annual project list (年度项目实施清单) as an Excel workbook for the district offices, in Chinese: 项目台账 (the projects grouped by 街镇 with investment subtotals and a total; the columns the office fills — 项目状态, 进度, 开工/完工日期, 一图三会 dates, 备注 — are yellow, unlocked and have dropdowns / checks; the rest is protected without a password; A3 landscape, fit to width), 汇总 (counts and investment by 街镇 × status and by 十全/十美 category, with charts) and 说明 (what, from which layer, when, and how to return it).

Optional results add sheets: coverage units (Facility coverage) → 单元体检 and the gaps of 缺项与选址; siting results → recommended sites in 缺项与选址; potential-space parcels → 潜力空间; Project impact / Compare coverage units and Project impact projects → 成效评估.

YEARS: empty = the latest year of the list; 0 or 'all' = every year; or e.g. 2026, 2025,2026, 2024-2026. SUBDISTRICTS: empty = all 街镇, or a comma-separated list (东湖 matches 东湖街道).

Each project row carries a hidden fingerprint of its values: 'Import ledger updates' takes the office's changes back and flags projects changed in QGIS since the export as conflicts.</source>
        <translation type="obsolete">将年度项目实施清单导出为中文 Excel 工作簿，发给各街镇：项目台账（项目按街镇分组，含投资小计和合计；由街镇填写的列 —— 项目状态、进度、开工/完工日期、一图三会日期、备注 —— 为黄色、未锁定并带下拉列表/校验；其余部分设为保护（不设密码）；A3 横向，适应页宽）、汇总（按街镇 × 状态、按十全/十美类别统计的项目数和投资，附图表）和说明（内容、来源图层、导出时间及返回方式）。

可选的成果会增加工作表：覆盖单元（设施服务覆盖）→ 单元体检，以及缺项与选址中的缺项；选址结果 → 缺项与选址中的推荐选址；潜力空间地块 → 潜力空间；项目成效或覆盖对比的单元、项目成效的项目 → 成效评估。

YEARS：留空 = 清单中最新的年度；0 或 'all' = 全部年度；或如 2026、2025,2026、2024-2026。SUBDISTRICTS：留空 = 全部街镇，或以逗号分隔的列表（东湖 可匹配 东湖街道）。

每个项目行带有一个隐藏的数值指纹：“导入台账更新”会取回街镇的改动，并把导出后又在 QGIS 中改动过的项目标为冲突。</translation>
    </message>
    <message>
        <source>The life-circle 体检: for every resident point and every unit, which 十全 (must-have) and 十美 (optional) facility categories are within walking distance along the network, what share of residents each covers, and where the gaps are.

Facilities (points or polygons) get a checklist code from their category field: checklist codes (Q01…M10), AMap (高德) type codes or names, or OSM tags, through the bundled mapping tables or your own table (columns source, pattern, match, code). Values that map to no category are counted in the log.

Walking distance = from the resident to the network (access), along the network, and from the network to the facility; points farther than the snap tolerance from the network are reported as unreachable. A category is met in a unit when the share of the unit's residents within its threshold reaches the target (default 85 %, Shanghai's 2025 goal; 99 % for 2035).

Thresholds come from the profile: Shanghai's 十全/十美 (derived from GB 50180-2018's 5/10/15-minute tiers of 300/500/800–1,000 m, the Shanghai 2016 guideline and MOFCOM's 一刻钟便民生活圈) or the national GB 50180-2018 / TD/T 1062-2021 tiers; THRESHOLDS overrides single categories (e.g. Q05=300).

Outputs: residents with the distance to each category (d_Q01…, empty when beyond the search limit), units with covered shares (c_Q01… in %), facilities inside (n_Q01…), 十全/十美 met, missing categories in Chinese, target met, the '1+N' check and a score (7 points per 十全 and 3 per 十美 category met); facilities with their code and the residents they serve; optionally the service area of each category.

Population groups: when the residents carry age-group fields (pop_0_3, pop_3_6, pop_6_12, pop_60p, pop_80p — 'Distribute population' writes them), a category the profile says serves a group (为老服务 60+, 保育托幼 0–3 and 3–6, 儿童托管 6–12) is measured over that group: c_Q05 is the share of residents aged 60+ within reach, call_Q05 the share of all residents and sv_Q05 the residents aged 60+; the facilities' figures count the group too.</source>
        <translation type="obsolete">生活圈“体检”：对每个居民点和每个单元，沿步行网络计算哪些十全（必配）和十美（选配）类别的设施在步行距离内、各类别覆盖了多大比例的居民，以及缺口在哪里。

设施（点或面）按其类别字段获得清单代码：清单代码（Q01…M10）、高德类型代码或名称、OSM 标签，通过内置映射表或你自己的映射表（列 source、pattern、match、code）转换。无法对应到任何类别的值会在日志中统计。

步行距离 = 居民到步行网络的接入距离 + 沿网络的距离 + 网络到设施的距离；距离网络超过捕捉容差的点记为不可达。单元中在某类别阈值内的居民比例达到目标（默认 85%，即上海 2025 年目标；2035 年为 99%）时，该类别在该单元达标。

阈值取自配置标准：上海十全/十美（依据 GB 50180-2018 的 5/10/15 分钟分级 300/500/800–1000 米、《上海市15分钟社区生活圈规划导则》（2016）和商务部一刻钟便民生活圈），或国家 GB 50180-2018 / TD/T 1062-2021 分级；THRESHOLDS 可覆盖单个类别（如 Q05=300）。

输出：居民点及其到各类别的距离（d_Q01…，超出搜索范围时为空）；单元及其覆盖比例（c_Q01…，单位 %）、单元内设施数（n_Q01…）、十全/十美达标数、缺项类别（中文）、是否达到目标、“1+N”检查和得分（每个达标的十全类别 7 分、十美类别 3 分）；设施及其代码和服务的居民数；可选输出各类别的服务范围。

人群：居民带有年龄人群字段（pop_0_3、pop_3_6、pop_6_12、pop_60p、pop_80p，由“人口分配到建筑”写出）时，清单配置中指明服务某一人群的类别（为老服务 60+，保育托幼 0–3 和 3–6，儿童托管 6–12）按该人群计算：c_Q05 为步行范围内 60 岁及以上居民的占比，call_Q05 为全体居民的占比，sv_Q05 为 60 岁及以上居民数；设施的服务人数也按该人群计。</translation>
    </message>
    <message>
        <source>A category is met in a unit when at least this share of its residents are within the threshold (Shanghai: 85 % by 2025, 99 % by 2035).</source>
        <translation type="obsolete">单元中至少有此比例的居民在阈值距离内时，该类别在该单元达标（上海：2025 年 85%，2035 年 99%）。</translation>
    </message>
    <message>
        <source>Profile: {} — target {:.0%}</source>
        <translation type="obsolete">配置标准：{} — 目标 {:.0%}</translation>
    </message>
</context>
<context>
    <name>ProjectDock</name>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="14"/>
        <source>Annual project list 年度项目实施清单</source>
        <translation>年度项目实施清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="38"/>
        <source>List</source>
        <translation>清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="51"/>
        <source>The project list layer (GeoPackage or PostGIS) the table shows and edits</source>
        <translation>表格显示和编辑的项目清单图层（GeoPackage 或 PostGIS）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="58"/>
        <source>New project list, share it in PostGIS, or open a shared one</source>
        <translation>新建项目清单、在 PostGIS 中共享，或打开共享的清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="61"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="76"/>
        <source>Map links: units and geometry sources</source>
        <translation>地图关联：单元与几何来源</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="89"/>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="107"/>
        <source>Polygons of the life-circle units (or 街镇): unit_id and 街镇 of a project are filled in from the unit it lies in</source>
        <translation>生活圈基本单元（或街镇）的面：项目的 unit_id 和街镇按其所在的单元填写</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="114"/>
        <source>Unit id</source>
        <translation>单元编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="121"/>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="185"/>
        <source>街镇</source>
        <translation>街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="131"/>
        <source>Geometry from</source>
        <translation>几何取自</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="141"/>
        <source>A layer of parcels (potential space) or sites (siting): its selected feature, or the feature you click on the map, gives a project its location</source>
        <translation>地块（潜力空间）或选址点（选址）图层：其中所选的要素，或在地图上点击的要素，即为项目的位置</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="148"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="158"/>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="192"/>
        <source>Life-circle unit</source>
        <translation>生活圈基本单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="199"/>
        <source>Category (十全 / 十美)</source>
        <translation>类别（十全 / 十美）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="206"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="213"/>
        <source>Search in id, name, content, implementer, funding, design team, planner and remarks</source>
        <translation>在编号、名称、建设内容、实施主体、资金来源、设计团队、社区规划师和备注中搜索</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="220"/>
        <source>Copy the unfinished projects (谋划/前期/在建) of the year into the next year, with new ids linked to the old ones; finished ones stay</source>
        <translation>将本年度未完成的项目（谋划/前期/在建）复制到下一年度，新编号与原编号关联；已完成的项目保留不动</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="255"/>
        <source>Roll over to next year</source>
        <translation>结转到下一年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="270"/>
        <source>Turn chosen sites of a siting result (or potential-space parcels) into draft projects</source>
        <translation>将选址结果中入选的选址点（或潜力空间地块）转为项目草稿</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.ui" line="273"/>
        <source>From siting results…</source>
        <translation>来自选址结果…</translation>
    </message>
</context>
<context>
    <name>ProjectForm</name>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="14"/>
        <source>Project 项目</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="20"/>
        <source>基本信息 Basic</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="31"/>
        <source>project_id</source>
        <translation>项目编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="40"/>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="52"/>
        <source>A new id: year-街镇-sequence</source>
        <translation>新编号：年度-街镇-序号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="55"/>
        <source>year</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="64"/>
        <source>district</source>
        <translation>区</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="84"/>
        <source>subdistrict</source>
        <translation>街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="94"/>
        <source>unit_id</source>
        <translation>基本单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="108"/>
        <source>name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="122"/>
        <source>category</source>
        <translation>设施类别</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="132"/>
        <source>kind</source>
        <translation>项目类型</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="142"/>
        <source>path</source>
        <translation>实施路径</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="152"/>
        <source>content</source>
        <translation>建设内容</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="162"/>
        <source>实施安排 Implementation</source>
        <translation>实施安排</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="183"/>
        <source>implementer</source>
        <translation>实施主体</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="192"/>
        <source>funding</source>
        <translation>资金来源</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="206"/>
        <source>investment</source>
        <translation>投资估算（万元）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="220"/>
        <source>start_date</source>
        <translation>计划开工</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="230"/>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="247"/>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="322"/>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="339"/>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="356"/>
        <source>yyyy-MM-dd</source>
        <translation>yyyy-MM-dd</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="240"/>
        <source>end_date</source>
        <translation>计划完工</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="257"/>
        <source>status</source>
        <translation>项目状态</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="264"/>
        <source>progress</source>
        <translation>进度（%）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="274"/>
        <source>design_team</source>
        <translation>设计团队</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="284"/>
        <source>community_planner</source>
        <translation>社区规划师</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="298"/>
        <source>一图三会 Consultations</source>
        <translation>一图三会</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="313"/>
        <source>hearing_date</source>
        <translation>听证会</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="332"/>
        <source>coordination_date</source>
        <translation>协调会</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="349"/>
        <source>evaluation_date</source>
        <translation>评议会</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="366"/>
        <source>remarks</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="373"/>
        <source>previous_id</source>
        <translation>上年项目编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.ui" line="393"/>
        <source>updated_at</source>
        <translation>更新时间</translation>
    </message>
</context>
<context>
    <name>SitingDrafts</name>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="14"/>
        <source>Draft projects from siting results</source>
        <translation>由选址结果生成项目草稿</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="23"/>
        <source>Each chosen site becomes a draft project (status 谋划) with its category, kind and the reason it was chosen. Field guesses can be changed.</source>
        <translation>每个入选的选址点生成一个项目草稿（状态为“谋划”），带上其设施类别、项目类型和入选理由。字段的自动识别结果可以修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="35"/>
        <source>Sites</source>
        <translation>选址点</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="45"/>
        <source>Only the selected sites</source>
        <translation>仅所选的选址点</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="55"/>
        <source>Category field</source>
        <translation>类别字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="65"/>
        <source>Category when the sites have none</source>
        <translation>选址点没有类别时采用的类别</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="75"/>
        <source>Rank field</source>
        <translation>排序字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="85"/>
        <source>Newly covered residents</source>
        <translation>新增覆盖居民</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="95"/>
        <source>Reason field</source>
        <translation>理由字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="105"/>
        <source>Name field</source>
        <translation>名称字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="115"/>
        <source>Site id field</source>
        <translation>选址点编号字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="125"/>
        <source>街镇 field (if no units layer)</source>
        <translation>街镇字段（无单元图层时）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.ui" line="135"/>
        <source>Year of the projects</source>
        <translation>项目年度</translation>
    </message>
</context>
</TS>
