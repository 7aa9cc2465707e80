<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>LifeCircle</name>
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
        <location filename="../lifecircle_plugin/gui/background.py" line="35"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/background.py" line="36"/>
        <source>LifeCircle</source>
        <translation>LifeCircle 15分钟生活圈</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="77"/>
        <source>Coverage units (单元体检)</source>
        <translation>单元体检（设施服务覆盖结果）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="78"/>
        <source>Recommended sites (选址)</source>
        <translation>推荐选址（选址结果）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="79"/>
        <source>Potential space (潜力空间)</source>
        <translation>潜力空间（找空间结果）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="80"/>
        <source>Impact units (成效评估)</source>
        <translation>成效评估：单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="81"/>
        <source>Impact projects (成效评估)</source>
        <translation>成效评估：项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="86"/>
        <source>Export Excel ledger 导出台账 — {}</source>
        <translation>导出 Excel 台账 — {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="91"/>
        <source>Projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="95"/>
        <source>Year(s) 年度</source>
        <translation>年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="96"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="147"/>
        <location filename="../processing/delineate_units.py" line="252"/>
        <source>街镇</source>
        <translation>街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="98"/>
        <source>Extra sheets from results (optional)</source>
        <translation>附加成果工作表（可选）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="117"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="347"/>
        <location filename="../processing/export_ledger.py" line="99"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="120"/>
        <source>Workbook 文件</source>
        <translation>工作簿文件</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="122"/>
        <source>The ledger opens in Excel, WPS and LibreOffice. The offices fill the yellow columns and send the file back: import it with 'Import ledger updates'.</source>
        <translation>台账可用 Excel、WPS 或 LibreOffice 打开。各街镇填写黄色列后把文件发回，再用“导入台账更新”导入。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="127"/>
        <source>Export 导出</source>
        <translation>导出</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="162"/>
        <source>Choose the workbook to write.</source>
        <translation>请选择要写入的工作簿。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="165"/>
        <source>Choose at least one year.</source>
        <translation>请至少选择一个年度。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="168"/>
        <source>Choose at least one 街镇.</source>
        <translation>请至少选择一个街镇。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="188"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="212"/>
        <source>Export ledger</source>
        <translation>导出台账</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="215"/>
        <source>{} project(s) written to {} (sheets: {}).</source>
        <translation>已将 {} 个项目写入 {}（工作表：{}）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="216"/>
        <source>Ledger exported 台账已导出</source>
        <translation>台账已导出</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="225"/>
        <source>空行</source>
        <translation>空行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="225"/>
        <source>合计行</source>
        <translation>合计行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="225"/>
        <source>备注</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="234"/>
        <source>Import ledger 导入台账 — preview</source>
        <translation>导入台账 — 预览</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="238"/>
        <source>Workbook: {}</source>
        <translation>工作簿：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="240"/>
        <source> — exported {} from '{}'</source>
        <translation> — {} 导出自“{}”</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="242"/>
        <source> — into '{}'</source>
        <translation> — 导入到“{}”</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="251"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="254"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="259"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="269"/>
        <source>项目编号</source>
        <translation>项目编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="251"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="254"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="269"/>
        <source>字段</source>
        <translation>字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="251"/>
        <source>原值 (QGIS)</source>
        <translation>原值 (QGIS)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="251"/>
        <source>新值 (台账)</source>
        <translation>新值 (台账)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="251"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="254"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="259"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="269"/>
        <source>行</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="251"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="259"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="269"/>
        <source>列</source>
        <translation>列</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="254"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="269"/>
        <source>导出时</source>
        <translation>导出时</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="254"/>
        <source>街镇填报</source>
        <translation>街镇填报</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="254"/>
        <source>QGIS 现在</source>
        <translation>QGIS 现在</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="254"/>
        <source>QGIS 中改动的字段</source>
        <translation>QGIS 中改动的字段</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="259"/>
        <source>工作表</source>
        <translation>工作表</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="259"/>
        <source>列名</source>
        <translation>列名</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="259"/>
        <source>问题</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="263"/>
        <source>锁定列被改动</source>
        <translation>锁定列被改动</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="265"/>
        <source>台账中缺少</source>
        <translation>台账中缺少</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="266"/>
        <source>跳过的行</source>
        <translation>跳过的行</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="269"/>
        <source>类型</source>
        <translation>类型</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="269"/>
        <source>台账中</source>
        <translation>台账中</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="270"/>
        <source>Changes 改动 ({})</source>
        <translation>改动（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="271"/>
        <source>Conflicts 冲突 ({})</source>
        <translation>冲突（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="272"/>
        <source>Errors 错误 ({})</source>
        <translation>错误（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="273"/>
        <source>Not taken 未采用 ({})</source>
        <translation>未采用（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="277"/>
        <source>Notes 提示 ({})</source>
        <translation>提示（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="284"/>
        <source>Apply 写入 {} change(s)</source>
        <translation>写入 {} 处改动</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="288"/>
        <source>The workbook has errors: fix them first. Nothing can be applied.</source>
        <translation>工作簿中有错误，请先修正，目前无法写入任何改动。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="296"/>
        <source>{} project row(s) read: {} change(s) in {} project(s), {} conflict(s), {} error(s), {} unchanged.</source>
        <translation>读取项目行 {0} 条：{2} 个项目共 {1} 处改动，冲突 {3} 处，错误 {4} 处，未改动 {5} 条。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="299"/>
        <source>Conflicts are projects changed in QGIS since the export: they are not applied; compare the values and edit them by hand if needed.</source>
        <translation>冲突是指导出台账后又在 QGIS 中改动过的项目：这些改动不会写入；请对照两边的值，必要时手动修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="302"/>
        <source>{} edit(s) to the planner's columns (投资估算, 项目名称 …) are not applied: see 'Not taken'.</source>
        <translation>{} 处对规划师锁定列（投资估算、项目名称等）的改动未采用：见“未采用”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="305"/>
        <source>{} exported project(s) are not in the returned workbook: nothing is deleted from the list.</source>
        <translation>{} 个导出的项目不在返回的台账中：清单中不会删除任何项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="308"/>
        <source>{} row(s) without a project (blank, totals, notes) were skipped.</source>
        <translation>已跳过 {} 个不含项目的行（空行、合计行、备注）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="310"/>
        <source>Nothing can be applied while there are errors.</source>
        <translation>存在错误时无法写入任何改动。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="346"/>
        <source>Returned ledger 导入台账</source>
        <translation>返回的台账</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="353"/>
        <source>Reading the returned ledger {}…</source>
        <translation>正在读取返回的台账 {}…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="357"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="360"/>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="372"/>
        <source>Import ledger</source>
        <translation>导入台账</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="357"/>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：未做任何更改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="375"/>
        <source>Ledger imported 台账已导入</source>
        <translation>台账已导入</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="376"/>
        <source>{} change(s) to {} project(s) saved in '{}'.</source>
        <translation>已将 {1} 个项目的 {0} 处改动保存到“{2}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="377"/>
        <source>{} conflict(s) not applied.</source>
        <translation>{} 处冲突未写入。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/ledger_dialogs.py" line="406"/>
        <source>Open 打开</source>
        <translation>打开</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="31"/>
        <source>Share the project list in PostGIS</source>
        <translation>在 PostGIS 中共享项目清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="32"/>
        <source>Open a shared project list from PostGIS</source>
        <translation>从 PostGIS 打开共享的项目清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="34"/>
        <source>A district that shares one list keeps it in a PostGIS database: everyone opens the same table, and the dock works the same as with a GeoPackage.</source>
        <translation>全区共用一份清单时，把它存放在 PostGIS 数据库中：大家打开同一张表，停靠面板的用法与 GeoPackage 相同。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="36"/>
        <source>Open a project list table from a PostGIS database.</source>
        <translation>从 PostGIS 数据库打开项目清单表。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="41"/>
        <source>Connection string below</source>
        <translation>使用下方的连接字符串</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="50"/>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="51"/>
        <source>Connection string</source>
        <translation>连接字符串</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="52"/>
        <source>Schema</source>
        <translation>模式 (Schema)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="53"/>
        <source>Table</source>
        <translation>表</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="54"/>
        <source>Copy the projects of '{}'</source>
        <translation>复制“{}”中的项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="61"/>
        <source>Points</source>
        <translation>点</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="62"/>
        <source>Polygons</source>
        <translation>面</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/postgis_dialog.py" line="63"/>
        <source>Geometry (empty list)</source>
        <translation>几何类型（空清单）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="106"/>
        <location filename="../lifecircle_plugin/plugin.py" line="148"/>
        <source>Annual project list 年度项目实施清单</source>
        <translation>年度项目实施清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="142"/>
        <source>List</source>
        <translation>清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="143"/>
        <source>New…</source>
        <translation>新建…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="144"/>
        <source>Map links: units and geometry</source>
        <translation>地图关联：单元与几何来源</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="145"/>
        <location filename="../processing/delineate_units.py" line="174"/>
        <location filename="../processing/facility_coverage.py" line="141"/>
        <source>Units</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="146"/>
        <source>Unit id</source>
        <translation>单元编号</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="148"/>
        <source>Geometry from</source>
        <translation>几何取自</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="149"/>
        <source>Search…</source>
        <translation>搜索…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="151"/>
        <source>Roll over to next year</source>
        <translation>结转到下一年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="152"/>
        <source>From siting results…</source>
        <translation>来自选址结果…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="158"/>
        <source>Filters</source>
        <translation>筛选</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="174"/>
        <source>Add a project…</source>
        <translation>新增项目…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="175"/>
        <source>Edit the selected project…</source>
        <translation>编辑所选项目…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="176"/>
        <source>Delete the selected projects</source>
        <translation>删除所选项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="178"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="179"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="180"/>
        <source>Save edits to the data source</source>
        <translation>将编辑保存到数据源</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="181"/>
        <source>Roll back: discard unsaved edits</source>
        <translation>回滚：放弃未保存的编辑</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="184"/>
        <source>Locate on the map: click where the project is (with one project selected it moves; otherwise a new project starts there). A polygon list takes the polygon of the 'Geometry from' layer under the click.</source>
        <translation>在地图上定位：点击项目所在位置（已选中一个项目时移动该项目，否则在该处新建项目）。面状清单取点击处“几何取自”图层中的面。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="188"/>
        <source>Take the selected feature of the 'Geometry from' layer (a parcel or a site) as the location</source>
        <translation>以“几何取自”图层中所选要素（地块或选址点）作为项目位置</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="191"/>
        <source>Fill in unit and 街镇 of the selected projects from the units layer</source>
        <translation>根据单元图层为所选项目填写所在单元和街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="193"/>
        <source>Zoom to the selected projects</source>
        <translation>缩放至所选项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="212"/>
        <source>New GeoPackage list (points)…</source>
        <translation>新建 GeoPackage 清单（点）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="214"/>
        <source>New GeoPackage list (polygons)…</source>
        <translation>新建 GeoPackage 清单（面）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="217"/>
        <source>Share the list in PostGIS…</source>
        <translation>在 PostGIS 中共享清单…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="220"/>
        <source>Open a shared list from PostGIS…</source>
        <translation>从 PostGIS 打开共享清单…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="222"/>
        <source>Export Excel ledger (台账)…</source>
        <translation>导出 Excel 台账…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="224"/>
        <source>Import ledger updates (台账)…</source>
        <translation>导入台账更新…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="232"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="241"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="610"/>
        <source>Choose a project list first.</source>
        <translation>请先选择项目清单。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="259"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="465"/>
        <source>All years</source>
        <translation>全部年度</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="260"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="466"/>
        <source>All 街镇</source>
        <translation>全部街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="261"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="467"/>
        <source>All units</source>
        <translation>全部单元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="262"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="469"/>
        <source>All categories</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="263"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="394"/>
        <source>Choose a project list above, or make one with New…</source>
        <translation>请在上方选择项目清单，或点“新建…”创建一份。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="404"/>
        <source>{} (×{})</source>
        <translation>{}（×{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="405"/>
        <source>Duplicate project ids in the data: {}. Edits will not create more duplicates, and rollover waits until every project has its own id.</source>
        <translation>数据中有重复的项目编号：{}。编辑不会再产生新的重复；待每个项目都有唯一编号后才能结转。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="410"/>
        <source>Date fields stored as text: {}.</source>
        <translation>以文本存储的日期字段：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="478"/>
        <source>'{}' is not among the values of the filter {}.</source>
        <translation>“{}”不在筛选项 {} 的取值中。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="487"/>
        <source>{} of {} project(s) shown · investment {} 万元 (excl. 取消)</source>
        <translation>显示 {} / {} 个项目 · 投资 {} 万元（不含取消）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="489"/>
        <source>{}: {} · {} 万元</source>
        <translation>{}：{} 个 · {} 万元</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="577"/>
        <source>The project has no location yet: use 'Locate on the map' or 'Take the selected feature'.</source>
        <translation>该项目尚无位置：请使用“在地图上定位”或“取所选要素”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="613"/>
        <source>'{}' is not a project list (see the note above).</source>
        <translation>“{}”不是项目清单（见上方说明）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="655"/>
        <source>No location yet: after saving, select the project and use 'Locate on the map' or 'Take the selected feature'.</source>
        <translation>尚无位置：保存后选中该项目，再使用“在地图上定位”或“取所选要素”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="658"/>
        <source>Location: from the map or the chosen feature; unit and 街镇 from the units layer where it lies.</source>
        <translation>位置：取自地图点击或所选要素；所在单元和街镇取自其所在的单元图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="669"/>
        <source>Add project {}</source>
        <translation>新增项目 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="674"/>
        <source>Project {} added (not saved yet: Save edits writes it).</source>
        <translation>已新增项目 {}（尚未保存：点“保存编辑”写入）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="681"/>
        <source>Select one project to edit.</source>
        <translation>请选择一个要编辑的项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="695"/>
        <source>{} is used by {} projects: give this one a new id (Generate).</source>
        <translation>{} 已被 {} 个项目使用：请为本项目生成新编号（点“生成”）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="705"/>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="59"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="846"/>
        <source>Edit project {}</source>
        <translation>编辑项目 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="709"/>
        <source>Project {} changed (not saved yet).</source>
        <translation>项目 {} 已修改（尚未保存）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="717"/>
        <source>Select the projects to delete.</source>
        <translation>请选择要删除的项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="721"/>
        <source>Delete projects</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="721"/>
        <source>Delete {} project(s): {}?

You can undo this; nothing is written until you save edits.</source>
        <translation>删除 {} 个项目：{}？

此操作可撤销；保存编辑之前不会写入任何内容。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="725"/>
        <source>Delete {}</source>
        <translation>删除 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="729"/>
        <source>{} project(s) deleted (not saved yet).</source>
        <translation>已删除 {} 个项目（尚未保存）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="757"/>
        <source>Roll back</source>
        <translation>回滚</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="757"/>
        <source>Discard {} unsaved change(s) to '{}'?</source>
        <translation>放弃对“{1}”的 {0} 处未保存改动？</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="760"/>
        <source>Unsaved edits discarded.</source>
        <translation>已放弃未保存的编辑。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="811"/>
        <source>This list holds polygons: choose a polygon layer (parcels) under 'Geometry from', then click inside one of its features.</source>
        <translation>本清单存储的是面：请在“几何取自”中选择一个面图层（地块），然后在其中某个要素内点击。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="821"/>
        <source>No feature of '{}' under the click.</source>
        <translation>点击处没有“{}”的要素。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="836"/>
        <source>Choose the layer to take the geometry from (parcels, siting sites) under 'Map links'.</source>
        <translation>请在“地图关联”中选择提供几何的图层（地块、选址点）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="841"/>
        <source>Select exactly one feature of '{}' ({} selected).</source>
        <translation>请在“{}”中恰好选择一个要素（当前选中 {} 个）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="846"/>
        <source>The selected feature of '{}' has no geometry.</source>
        <translation>“{}”中所选要素没有几何。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="879"/>
        <source>Locate project {}</source>
        <translation>定位项目 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="883"/>
        <source>Project {} located{}.</source>
        <translation>项目 {} 已定位{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="884"/>
        <source> in unit {} ({})</source>
        <translation>，位于单元 {}（{}）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="900"/>
        <source>Choose the units layer under 'Map links'.</source>
        <translation>请在“地图关联”中选择单元图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="908"/>
        <source>Fill unit and 街镇 of {} project(s)</source>
        <translation>填写 {} 个项目的单元和街镇</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="921"/>
        <source>Unit and 街镇 filled in for {} project(s); {} without a location inside a unit.</source>
        <translation>已为 {} 个项目填写单元和街镇；{} 个项目的位置不在任何单元内。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="937"/>
        <source>The list has no projects to roll over.</source>
        <translation>清单中没有可结转的项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="944"/>
        <source>{} unfinished project(s) of {} (谋划/前期/在建) roll into {} with new ids linked to the old ones; {} finished and {} cancelled stay; {} already rolled over.</source>
        <translation>{1} 年度的 {0} 个未完成项目（谋划/前期/在建）将结转到 {2} 年度，新编号与原编号关联；{3} 个已完成项目和 {4} 个已取消项目保留不动；{5} 个已结转过。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="951"/>
        <source>Roll over to {}</source>
        <translation>结转到 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="952"/>
        <source>The new projects go into the edit buffer: check them, then save (or undo).</source>
        <translation>新项目会进入编辑缓冲区：请核对后保存（或撤销）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="962"/>
        <source>{} project(s) copied into {}, linked to their {} ids — not saved yet.</source>
        <translation>已将 {} 个项目复制到 {} 年度，并与其 {} 年度的编号关联 — 尚未保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="987"/>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="88"/>
        <source>Choose the layer of chosen sites.</source>
        <translation>请选择选址结果图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="996"/>
        <source>No sites to turn into projects: select the chosen sites of '{}' first.</source>
        <translation>没有可转为项目的选址点：请先在“{}”中选中入选的选址点。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1014"/>
        <source>No draft projects: {}</source>
        <translation>未生成项目草稿：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1020"/>
        <source>'{}' holds polygons but the sites are points: choose a point list, or take the sites' parcels.</source>
        <translation>“{}”存储的是面，而选址结果是点：请选择点状清单，或改用选址点所在的地块。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1023"/>
        <source>Draft {} project(s) from '{}'</source>
        <translation>由“{1}”生成 {0} 个项目草稿</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1030"/>
        <source>{} draft project(s) (谋划) from '{}' — check names and content, then save.</source>
        <translation>已由“{1}”生成 {0} 个项目草稿（谋划）— 请核对名称和建设内容后保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1033"/>
        <source>Skipped: {}</source>
        <translation>已跳过：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1040"/>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1056"/>
        <source>New project list</source>
        <translation>新建项目清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1040"/>
        <source>GeoPackage (*.gpkg)</source>
        <translation>GeoPackage (*.gpkg)</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1057"/>
        <source>{} exists: name of the new table in it</source>
        <translation>{} 已存在：请输入在其中新建的表名</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1069"/>
        <source>New project list '{}' in {}.</source>
        <translation>已在 {1} 中新建项目清单“{0}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1080"/>
        <source>Save or roll back the edits of '{}' first.</source>
        <translation>请先保存或回滚“{}”的编辑。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_dock.py" line="1090"/>
        <source>The list is shared as {}.{}.</source>
        <translation>清单已共享为 {}.{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="56"/>
        <source>Basics</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="57"/>
        <source>Implementation</source>
        <translation>实施安排</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="58"/>
        <source>Consultations 一图三会</source>
        <translation>一图三会</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="59"/>
        <source>New project</source>
        <translation>新增项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="65"/>
        <source>year-街镇-sequence, e.g. 2026-东湖-003</source>
        <translation>年度-街镇-序号，例如 2026-东湖-003</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="66"/>
        <source>万元, e.g. 120.5</source>
        <translation>万元，例如 120.5</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="67"/>
        <source>0–100</source>
        <translation>0–100</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="87"/>
        <source>Save to list</source>
        <translation>保存到清单</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_form.py" line="185"/>
        <source>{}: choose the 街镇 first, the id needs it</source>
        <translation>{}：请先选择街镇，编号需要用到它</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_model.py" line="192"/>
        <source>Remarks: {}</source>
        <translation>备注：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/project_model.py" line="194"/>
        <source>Continues {}</source>
        <translation>延续自 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="34"/>
        <source>Draft projects from siting results</source>
        <translation>由选址结果生成项目草稿</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="35"/>
        <source>Each chosen site becomes a draft project (status 谋划) with its category, kind and why it was chosen (rank, newly covered residents, reason). The field guesses below can be changed.</source>
        <translation>每个入选的选址点生成一个项目草稿（状态为“谋划”），带上其设施类别、项目类型和入选理由（排序、新增覆盖人口、理由）。下方字段的自动识别结果可以修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="46"/>
        <source>(none: skip sites without a category)</source>
        <translation>（无：跳过没有类别的选址点）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/gui/siting_drafts.py" line="91"/>
        <source>{} site(s) of '{}' will become draft projects.</source>
        <translation>“{1}”中的 {0} 个选址点将生成项目草稿。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="66"/>
        <source>1 Prepare walking network… 步行网络</source>
        <translation>1 准备步行网络…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="67"/>
        <source>2 Delineate life-circle units… 划示基本单元</source>
        <translation>2 划示生活圈基本单元…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="68"/>
        <source>3 Facility coverage (体检)… 十全/十美</source>
        <translation>3 设施服务覆盖体检（十全/十美）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="69"/>
        <source>4 Potential space… 找空间</source>
        <translation>4 找空间（潜力空间）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="70"/>
        <source>5 Siting recommendations… 选址</source>
        <translation>5 选址推荐…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="71"/>
        <source>6 Project impact (before/after)… 项目成效</source>
        <translation>6 项目成效评估（实施前后）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="72"/>
        <source>7 Compare coverage year over year… 监测评估</source>
        <translation>7 覆盖逐年对比（监测评估）…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="73"/>
        <source>Export Excel ledger… 导出台账</source>
        <translation>导出 Excel 台账…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="74"/>
        <source>Import ledger updates… 导入台账</source>
        <translation>导入台账更新…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="75"/>
        <source>Convert GCJ-02 / BD-09 coordinates… 坐标转换</source>
        <translation>GCJ-02 / BD-09 坐标转换…</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="151"/>
        <source>LifeCircle tools in the Processing toolbox</source>
        <translation>处理工具箱中的 LifeCircle 工具</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="154"/>
        <source>Open the sample district 示例区</source>
        <translation>打开示例区</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="156"/>
        <source>About LifeCircle</source>
        <translation>关于 LifeCircle</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="217"/>
        <source>The Processing toolbox is not available: enable the 'Processing' core plugin (Plugins › Manage and Install Plugins › Installed).</source>
        <translation>处理工具箱不可用：请启用核心插件“Processing”（插件 › 管理并安装插件 › 已安装）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="229"/>
        <source>The sample district is missing from this install.</source>
        <translation>本次安装中缺少示例区数据。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="235"/>
        <source>Open the sample district 示例区? Unsaved changes to the current project will be lost.</source>
        <translation>打开示例区？当前项目中未保存的改动将会丢失。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="243"/>
        <source>The sample district could not be copied to your folder {}: {}</source>
        <translation>无法将示例区复制到您的文件夹 {}：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="248"/>
        <source>The sample district 示例区 was copied to {}: your edits are saved there.</source>
        <translation>示例区已复制到 {}：您的编辑将保存在那里。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/plugin.py" line="260"/>
        <source>LifeCircle {}

Tools for the 15-minute community life circle (15分钟社区生活圈): walking network, basic units, 十全/十美 facility coverage, potential space, siting, project list and ledgers. Algorithms are in the Processing toolbox under 'LifeCircle'.</source>
        <translation>LifeCircle {}

15分钟社区生活圈规划工具：步行网络、生活圈基本单元划示、十全/十美设施服务覆盖体检、潜力空间、选址、年度项目实施清单与台账。各算法位于处理工具箱的“LifeCircle”下。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="135"/>
        <source>'{}' is not a vector layer, so it cannot be a project list.</source>
        <translation>“{}”不是矢量图层，不能作为项目清单。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="139"/>
        <source>'{}' is not a project list: {} field(s) missing: {}.</source>
        <translation>“{}”不是项目清单：缺少 {} 个字段：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="142"/>
        <source>{} is {}, should be {}</source>
        <translation>{} 为 {}，应为 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="144"/>
        <source>Fields of the wrong type: {}.</source>
        <translation>字段类型不符：{}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="146"/>
        <source>Create a new list (New…) or pick a layer with the project-list schema.</source>
        <translation>请新建一份清单（“新建…”），或选择符合项目清单结构的图层。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="189"/>
        <source>'{}' is read-only (Project › Properties › Data Sources, or the data source itself): you can browse and filter the projects, but not change them.</source>
        <translation>“{}”为只读（见 项目 › 属性 › 数据源，或数据源本身）：可以浏览和筛选项目，但不能修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="192"/>
        <source>add</source>
        <translation>添加</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="193"/>
        <source>change</source>
        <translation>修改</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="194"/>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="197"/>
        <source>'{}' is read-only: its data source does not allow to {} features (no write access to the file or database table?). You can browse and filter the projects, but not change them.</source>
        <translation>“{}”为只读：其数据源不允许{}要素（没有文件或数据库表的写权限？）。可以浏览和筛选项目，但不能修改。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="265"/>
        <source>计划完工 must not be before 计划开工 (end date ≥ start date)</source>
        <translation>计划完工不得早于计划开工（完工日期 ≥ 开工日期）</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="268"/>
        <source>{}: one of the list</source>
        <translation>{}：须为列表中的值</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="271"/>
        <source>{}: between {} and {}</source>
        <translation>{}：须在 {} 与 {} 之间</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="273"/>
        <source>{}: {} or more</source>
        <translation>{}：不小于 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="307"/>
        <source>其他</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="353"/>
        <source>{} cannot store styles</source>
        <translation>{} 不能存储样式</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="363"/>
        <source>LifeCircle project list: form, aliases, constraints</source>
        <translation>LifeCircle 项目清单：表单、别名、约束</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="379"/>
        <source>Geometry must be 'point' or 'polygon', not '{}'.</source>
        <translation>几何类型必须是 'point' 或 'polygon'，而不是“{}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="397"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="539"/>
        <source>Choose a coordinate reference system for the new project list.</source>
        <translation>请为新项目清单选择坐标参考系。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="405"/>
        <source>The new project list {} could not be opened.</source>
        <translation>无法打开新建的项目清单 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="424"/>
        <source>Cannot write the GeoPackage {} (is it open elsewhere, or read-only?).</source>
        <translation>无法写入 GeoPackage {}（文件是否在别处打开，或为只读？）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="429"/>
        <source>{} already has a layer '{}'. Choose another name, or overwrite it.</source>
        <translation>{} 中已有图层“{}”。请换一个名称，或覆盖它。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="438"/>
        <source>GDAL could not create the layer '{}' in {}.</source>
        <translation>GDAL 无法在 {1} 中创建图层“{0}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="447"/>
        <source>GDAL could not create the field {} in {}.</source>
        <translation>GDAL 无法在 {1} 中创建字段 {0}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="487"/>
        <source>QGIS's PostgreSQL provider is not available (install qgis-providers).</source>
        <translation>QGIS 的 PostgreSQL 数据提供者不可用（请安装 qgis-providers）。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="513"/>
        <source>'{}' has duplicate project ids ({}): fix them before sharing the list.</source>
        <translation>“{}”中有重复的项目编号（{}）：请先修正再共享清单。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="522"/>
        <source>{} project(s) of '{}' break the list's rules, fix them before sharing it: {}</source>
        <translation>“{1}”中有 {0} 个项目不符合清单规则，请先修正再共享：{2}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="545"/>
        <source>The table {} already exists. Choose another name, or overwrite it.</source>
        <translation>表 {} 已存在。请换一个名称，或覆盖它。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="551"/>
        <source>Exporting the project list to PostGIS failed: {}</source>
        <translation>将项目清单导出到 PostGIS 失败：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="567"/>
        <source>The table {} was created but its constraints could not be set: {}</source>
        <translation>表 {} 已创建，但无法设置其约束：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="592"/>
        <source>Cannot open the PostGIS table {}.{} on {}: {}</source>
        <translation>无法打开 {2} 上的 PostGIS 表 {0}.{1}：{3}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="594"/>
        <source>not reachable, or no such table</source>
        <translation>无法连接，或表不存在</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="613"/>
        <source>Cannot connect to the PostGIS database: {}</source>
        <translation>无法连接 PostGIS 数据库：{}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="763"/>
        <source>Editing '{}' could not start.</source>
        <translation>无法开始编辑“{}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="770"/>
        <source>The field {} could not be added to '{}'.</source>
        <translation>无法向“{1}”添加字段 {0}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="841"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="799"/>
        <source>Project {}</source>
        <translation>项目 {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="804"/>
        <source>Add project</source>
        <translation>新增项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="818"/>
        <source>The projects could not be added to '{}'.</source>
        <translation>无法将项目添加到“{}”。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="835"/>
        <source>Feature {} is not in '{}' any more.</source>
        <translation>要素 {} 已不在“{}”中。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="856"/>
        <source>Project {} could not be changed.</source>
        <translation>无法修改项目 {}。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="859"/>
        <source>The location of project {} could not be changed.</source>
        <translation>无法修改项目 {} 的位置。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="868"/>
        <source>Delete {} project(s)</source>
        <translation>删除 {} 个项目</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="871"/>
        <source>The projects could not be deleted from '{}'.</source>
        <translation>无法从“{}”中删除项目。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="879"/>
        <location filename="../lifecircle_plugin/project_layer.py" line="882"/>
        <source>Nothing to save.</source>
        <translation>没有需要保存的内容。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="884"/>
        <source>Changes to '{}' saved.</source>
        <translation>对“{}”的改动已保存。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="890"/>
        <source>the data source refused the changes</source>
        <translation>数据源拒绝了这些改动</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="892"/>
        <source>Saving '{}' failed: {}. Nothing is lost: {} change(s) are still in the edit buffer; fix the cause (e.g. reconnect to the database) and save again, or roll back.</source>
        <translation>保存“{}”失败：{}。没有丢失任何内容：{} 处改动仍在编辑缓冲区中；请排除原因（例如重新连接数据库）后再次保存，或回滚。</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="916"/>
        <source>Roll over {} → {}</source>
        <translation>结转 {} → {}</translation>
    </message>
    <message>
        <location filename="../lifecircle_plugin/project_layer.py" line="927"/>
        <source>'{}' holds polygons: take the polygon of a parcel or a site, not a point.</source>
        <translation>“{}”存储的是面：请取地块或选址点的面，而不是点。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="31"/>
        <source>1 · Walking network</source>
        <translation>1 · 步行网络</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="32"/>
        <source>2 · Basic units</source>
        <translation>2 · 生活圈基本单元</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="33"/>
        <source>3 · Facility coverage</source>
        <translation>3 · 设施服务覆盖</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="34"/>
        <source>4 · Potential space and siting</source>
        <translation>4 · 潜力空间与选址</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="35"/>
        <source>5 · Projects and ledgers</source>
        <translation>5 · 项目清单与台账</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="36"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="77"/>
        <source>Layer '{}': {} facilities got their category from a keyword in their '{}' value, not from a code or an exact type name — check them: {}</source>
        <translation>图层“{}”：{} 个设施的类别来自其“{}”值中的关键词（而非编码或完整类型名），请核对：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="342"/>
        <source>LifeCircle stopped on an unexpected error: {}: {}</source>
        <translation>LifeCircle 因意外错误而停止：{}：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="353"/>
        <source>The results could not be moved into place: {}</source>
        <translation>结果未能写入目标位置：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="365"/>
        <source>Cancelled: no output was written.</source>
        <translation>已取消：未写出任何结果。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="459"/>
        <source>The output '{}' ({}) would overwrite the input '{}' ({}) of this run. Choose another file (or another table name) for the output; nothing was written.</source>
        <translation>输出“{}”（{}）会覆盖本次运行的输入“{}”（{}）。请为输出另选文件（或另取表名）；未写出任何内容。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="542"/>
        <source>Layer '{}': {} feature(s) with invalid geometry (feature ids {}), e.g. self-intersecting polygons. Fix them (Vector › Geometry Tools › Fix Geometries), or change the Processing setting 'Invalid features filtering' to skip or ignore them.</source>
        <translation>图层“{}”：{} 个要素的几何无效（要素 ID {}），例如自相交的面。请修复（矢量 › 几何工具 › 修复几何），或将处理设置“无效要素过滤”改为跳过或忽略。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="572"/>
        <source>Walking network (lines)</source>
        <translation>步行网络（线）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="576"/>
        <source>Streets and paths people walk on. Geographic layers are measured in a local projected CRS.</source>
        <translation>人们步行的街道和通道。地理坐标图层会换算到当地投影坐标系中量算。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="583"/>
        <source>Road class field</source>
        <translation>道路等级字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="588"/>
        <source>Field holding the road class (OSM 'highway'). Lines whose class is in the excluded list are left out. If the layer has no such field, every line is used.</source>
        <translation>存放道路等级的字段（OSM 的 'highway'）。等级在排除列表中的线不参与分析。图层没有该字段时，所有线都参与。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="595"/>
        <source>Excluded classes (comma separated)</source>
        <translation>排除的道路等级（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="598"/>
        <source>Road classes nobody walks on: expressways, elevated roads and their ramps by default.</source>
        <translation>无人步行的道路等级：默认为快速路、高架路及其匝道。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="604"/>
        <source>Walkable flag field</source>
        <translation>可步行标记字段</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="606"/>
        <source>Optional field: lines with 0/false/no/否 are left out, empty values are kept.</source>
        <translation>可选字段：值为 0/false/no/否 的线不参与分析，空值保留。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="613"/>
        <source>Split lines where they cross (centre-line data)</source>
        <translation>在线相交处打断（道路中心线数据）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="615"/>
        <source>On for centre-line data whose streets cross without a shared vertex; off for data already noded like OpenStreetMap, where bridges cross roads without meeting them.</source>
        <translation>适用于街道相交处没有共享节点的道路中心线数据时打开；OpenStreetMap 等已在路口建立节点的数据请关闭，以免桥梁与其下穿过的道路被错误连通。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="622"/>
        <source>Node tolerance (m)</source>
        <translation>节点容差（米）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="624"/>
        <source>Line ends closer than this are joined (each join is reported). 0 disables joining.</source>
        <translation>端点间距小于此值的线会被连接（每处连接都会记录）。0 表示不连接。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="632"/>
        <source>Snap tolerance (m)</source>
        <translation>捕捉容差（米）</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="635"/>
        <source>Points join the nearest walkable line within this distance; the access distance counts. Points farther away are listed, never snapped.</source>
        <translation>点在此距离内接入最近的可步行线，接入距离计入步行距离。更远的点会被列出，绝不强行捕捉。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="649"/>
        <source>network</source>
        <translation>步行网络</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="653"/>
        <source>Layer '{}' is a {} layer: the walking network must be a line layer.</source>
        <translation>图层“{}”是{}图层：步行网络必须是线图层。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="658"/>
        <source>Layer '{}' (walking network) is empty.</source>
        <translation>图层“{}”（步行网络）为空。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="664"/>
        <source>Layer '{}' has no '{}' field: every line is treated as walkable.</source>
        <translation>图层“{}”没有“{}”字段：所有线都视为可步行。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="669"/>
        <source>Layer '{}' has no field '{}' (road class). Fields: {}</source>
        <translation>图层“{}”没有字段“{}”（道路等级）。现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="700"/>
        <source>Network '{}': {} features read, {} used, {} excluded by class, {} not walkable.</source>
        <translation>步行网络“{}”：读取 {} 个要素，使用 {} 个，按道路等级排除 {} 个，不可步行 {} 个。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="706"/>
        <source>Network '{}': {} feature(s) without geometry were skipped (feature ids {}).</source>
        <translation>步行网络“{}”：{} 个要素没有几何，已跳过（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="714"/>
        <source>{} nodes, {} edges, {:.0f} m in all; {} connected components, the largest holds {:.1%} of the length; {} dangles; {} nodes merged within the node tolerance ({} gaps closed); {} duplicate and {} zero-length edges dropped; {} crossing nodes added.</source>
        <translation>{} 个节点、{} 条边，总长 {:.0f} 米；{} 个连通分量，最大分量占总长的 {:.1%}；{} 个悬挂点；在节点容差内合并节点 {} 个（弥合断口 {} 处）；删除重复边 {} 条、零长度边 {} 条；新增交叉节点 {} 个。</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="726"/>
        <source>  joined a gap of {:.2f} m at ({:.1f}, {:.1f})</source>
        <translation>  在 ({1:.1f}, {2:.1f}) 处弥合了 {0:.2f} 米的断口</translation>
    </message>
    <message>
        <location filename="../processing/base.py" line="729"/>
        <source>  … and {} more joins</source>
        <translation>  … 另有 {} 处连接</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="31"/>
        <source>Compare coverage (year over year)</source>
        <translation>覆盖逐年对比（监测评估）</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="35"/>
        <source>Monitoring across years (监测评估): compares two units outputs of 'Facility coverage' — last year's and this year's, or two scenarios — unit by unit, matched on the unit id field.

Outputs: a layer with the change of each category's covered share (dc_Q01… in percentage points) and of the number of 十全/十美 categories met, styled gains/losses; and a table with one row per unit and category (before, after, change) for reports and the ledger's 成效评估 sheet. Units present in only one of the two are kept with empty values and listed in the log.</source>
        <translation>监测评估：比较“设施服务覆盖”的两份单元结果 —— 上一年度与本年度，或两个方案 —— 按单元编号字段逐单元匹配。

输出：一个图层，记录各类别覆盖比例的变化（dc_Q01…，单位为百分点）以及十全/十美达标类别数的变化，按提升/下降分色显示；一张表，每个单元每个类别一行（之前、之后、变化），供报告和台账的“成效评估”工作表使用。只在其中一份结果中出现的单元也会保留（数值为空），并在日志中列出。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="51"/>
        <source>Coverage before (units output)</source>
        <translation>之前的覆盖结果（单元输出）</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="52"/>
        <source>The units output of an earlier 'Facility coverage' run.</source>
        <translation>较早一次“设施服务覆盖”运行的单元输出。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="54"/>
        <source>Coverage after (units output)</source>
        <translation>之后的覆盖结果（单元输出）</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="55"/>
        <source>The units output of the later run (its geometry is used).</source>
        <translation>较晚一次运行的单元输出（采用其几何）。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="57"/>
        <location filename="../processing/facility_coverage.py" line="185"/>
        <source>Unit id field</source>
        <translation>单元编号字段</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="59"/>
        <source>Field that identifies a unit in both layers.</source>
        <translation>在两个图层中标识单元的字段。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="61"/>
        <source>Change by unit</source>
        <translation>各单元的变化</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="63"/>
        <source>Change by unit and category (table)</source>
        <translation>各单元各类别的变化（表）</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="65"/>
        <source>Units with more 十全 categories met</source>
        <translation>十全达标类别增加的单元数</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="66"/>
        <source>Units with fewer 十全 categories met</source>
        <translation>十全达标类别减少的单元数</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="74"/>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="75"/>
        <source>after</source>
        <translation>之后</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="82"/>
        <source>Layer '{}' has no field '{}' (unit id).</source>
        <translation>图层“{}”没有字段“{}”（单元编号）。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="86"/>
        <source>Layer '{}' is not a units output of 'Facility coverage': it has no c_Q01… share fields or no q_met field.</source>
        <translation>图层“{}”不是“设施服务覆盖”的单元输出：缺少 c_Q01… 覆盖比例字段或 q_met 字段。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="99"/>
        <source>Layer '{}': feature {} has no unit id.</source>
        <translation>图层“{}”：要素 {} 没有单元编号。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="102"/>
        <source>Layer '{}': unit id '{}' appears twice.</source>
        <translation>图层“{}”：单元编号“{}”出现了两次。</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="112"/>
        <location filename="../processing/compare_coverage.py" line="114"/>
        <source>Units only in '{}': {}</source>
        <translation>仅在“{}”中出现的单元：{}</translation>
    </message>
    <message>
        <location filename="../processing/compare_coverage.py" line="158"/>
        <source>{} unit(s) gained 十全 categories met, {} lost some.</source>
        <translation>{} 个单元的十全达标类别增加，{} 个单元有所减少。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="27"/>
        <source>Convert Chinese coordinates (GCJ-02 / BD-09 ⇄ WGS 84)</source>
        <translation>中国坐标转换（GCJ-02 / BD-09 ⇄ WGS 84）</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="31"/>
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
        <location filename="../processing/convert_coords.py" line="63"/>
        <source>Input layer</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="65"/>
        <source>Any vector layer in a geographic (longitude/latitude) CRS, e.g. POIs downloaded from AMap.</source>
        <translation>任意采用地理（经纬度）坐标参考系的矢量图层，例如从高德下载的 POI。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="68"/>
        <source>Coordinates of the input</source>
        <translation>输入图层的坐标</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="70"/>
        <source>GCJ-02 for AMap/高德 and Tencent data, BD-09 for Baidu data, WGS 84 for GPS and OSM.</source>
        <translation>高德和腾讯数据为 GCJ-02，百度数据为 BD-09，GPS 和 OSM 数据为 WGS 84。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="73"/>
        <source>Convert to</source>
        <translation>转换为</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="75"/>
        <source>WGS 84 for analysis with survey, planning and OpenStreetMap data.</source>
        <translation>与测绘、规划和 OpenStreetMap 数据一起分析时选 WGS 84。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="79"/>
        <source>Converted layer</source>
        <translation>转换后的图层</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="83"/>
        <source>Features converted</source>
        <translation>已转换的要素数</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="84"/>
        <source>Features outside China (left unchanged)</source>
        <translation>位于中国境外的要素数（保持不变）</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="85"/>
        <source>Features partly outside China</source>
        <translation>部分位于中国境外的要素数</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="86"/>
        <source>Features without geometry</source>
        <translation>没有几何的要素数</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="102"/>
        <source>The input is already in {}: choose a different target coordinate system.</source>
        <translation>输入已经是 {}：请选择不同的目标坐标系。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="125"/>
        <source>input</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="130"/>
        <source>Layer '{}' has no coordinate reference system. Set it to the geographic CRS its longitudes and latitudes are in (usually EPSG:4326) in Layer Properties › Source, and run again.</source>
        <translation>图层“{}”没有坐标参考系。请在 图层属性 › 源 中将其设为经纬度所在的地理坐标参考系（通常为 EPSG:4326），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="137"/>
        <source>Layer '{}' is in {} ({}), a projected CRS. GCJ-02 and BD-09 are shifts of longitude and latitude: use the layer as downloaded, in a geographic CRS such as EPSG:4326 (WGS 84) or EPSG:4490 (CGCS2000).</source>
        <translation>图层“{}”采用 {}（{}），这是投影坐标系。GCJ-02 和 BD-09 是对经纬度的加偏：请使用下载时原样的图层，即采用 EPSG:4326（WGS 84）或 EPSG:4490（CGCS2000）等地理坐标参考系。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="140"/>
        <location filename="../processing/convert_coords.py" line="146"/>
        <source>a custom CRS</source>
        <translation>自定义坐标参考系</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="145"/>
        <source>Layer '{}' is in {} ({}): its coordinates are taken as {} longitudes and latitudes as they are.</source>
        <translation>图层“{}”采用 {}（{}）：其坐标按原样视为 {} 经纬度。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="214"/>
        <source>Layer '{}', feature {}: could not move vertex {} of its geometry.</source>
        <translation>图层“{}”，要素 {}：无法移动其几何的第 {} 个节点。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="244"/>
        <source>Could not write feature {} of layer '{}': {}</source>
        <translation>无法写出图层“{1}”的要素 {0}：{2}</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="251"/>
        <source>Layer '{}': {} feature(s) converted from {} to {}.</source>
        <translation>图层“{}”：已将 {} 个要素从 {} 转换为 {}。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="258"/>
        <source>{} feature(s) lie outside China, where GCJ-02 and BD-09 equal WGS 84, and were left unchanged (feature ids {}).</source>
        <translation>{} 个要素位于中国境外（该处 GCJ-02 和 BD-09 与 WGS 84 相同），保持不变（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="266"/>
        <source>{} feature(s) cross the edge of China's bounding box: their vertices outside it were left unchanged (feature ids {}).</source>
        <translation>{} 个要素跨越中国外包框的边界：框外的节点保持不变（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/convert_coords.py" line="273"/>
        <source>{} feature(s) without geometry (null or empty) passed through unchanged (feature ids {}).</source>
        <translation>{} 个要素没有几何（空或为 NULL），原样输出（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="40"/>
        <source>Shanghai central city 上海中心城区: 30,000–50,000 residents</source>
        <translation>上海中心城区：3–5 万人</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="41"/>
        <source>Shanghai new towns 上海新城: 20,000 residents or more</source>
        <translation>上海新城：2 万人及以上</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="42"/>
        <source>GB 50180-2018 15-minute life circle 十五分钟生活圈: 50,000–100,000 residents</source>
        <translation>GB 50180-2018 十五分钟生活圈：5–10 万人</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="43"/>
        <source>Your own values (POP_MIN / POP_MAX below)</source>
        <translation>自定义（下方的 POP_MIN / POP_MAX）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="49"/>
        <source>Delineate life-circle units (划示基本单元)</source>
        <translation>划示生活圈基本单元</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="53"/>
        <source>Groups blocks (居委 areas or 居住街坊) into life-circle basic units that people walk, aligned with the existing grids, as Shanghai's action plan asks.

Rules, in the order they win when they cannot all hold: (1) always — every unit is contiguous, inside one 街镇 and not split by a barrier (expressways, railways, rivers separate blocks unless the walking network crosses them between the two: a bridge or an underpass); locked blocks keep their unit; each seed anchors a unit and is its centre; (2) the population band POP_MIN–POP_MAX wherever the 街镇's own connected blocks allow it (a 街镇 too small for the floor becomes one flagged unit, never merged across the boundary); (3) every block within MAX_WALK of its unit's centre along the network. Among layouts that keep the rules, the most units, then the shortest population-weighted walk to the centres.

Blocks are neighbours when their boundaries face each other along at least the minimum shared boundary, closer than the adjacency gap (slivers, streets, a river corridor between them); corner-only contact does not count. The centre of a unit is its seed, or the block that minimises the population-weighted walking distance; walking distance runs between the blocks' representative points along the network (straight lines without a network).

Outputs: units (dissolved blocks) with unit_id (街镇-sequence, or the locked label), population, area, number of blocks, type, centre, maximum and mean walking distance from the centre, compactness (4πA/P²) and a flag with the reason for every rule a unit misses; the blocks with their unit_id and walking distance to the centre; optionally the centres. Deterministic: the same input and random seed give the same units.</source>
        <translation>按照上海行动方案的要求，将街坊（居委辖区或居住街坊）组合为居民步行可达的生活圈基本单元，并与现有网格衔接。

规则按不能同时满足时的优先顺序：(1) 必须满足 —— 每个单元空间连续、位于同一街镇内、不被障碍分隔（快速路、铁路、河流会把两侧街坊隔开，除非步行网络在两者之间跨越它：桥梁或地下通道）；锁定的街坊保留在其单元中；每个种子点锚定一个单元并作为其中心；(2) 只要街镇自身相连的街坊允许，人口规模就落在 POP_MIN–POP_MAX 区间内（人口达不到下限的街镇单独成为一个带标记的单元，绝不跨街镇边界合并）；(3) 每个街坊沿步行网络到所在单元中心的距离不超过 MAX_WALK。在满足规则的划分方案中，先取单元数最多者，再取人口加权步行距离最短者。

两个街坊的边界在不小于“最小共享边界”的长度上相对、且间距小于“邻接间隙”（其间可以是碎缝、街道或河道）时视为相邻；仅角点相接不算相邻。单元中心为其种子点，或使人口加权步行距离最小的街坊；步行距离沿步行网络在街坊代表点之间计算（没有步行网络时用直线距离）。

输出：单元（街坊融合而成），字段包括 unit_id（街镇-序号，或锁定标签）、人口、面积、街坊数、类型、中心、到中心的最大和平均步行距离、紧凑度（4πA/P²），以及标明单元未满足哪条规则及原因的标记；街坊及其 unit_id 和到中心的步行距离；可选输出单元中心。结果确定：相同的输入和随机种子得到相同的单元。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="101"/>
        <source>Blocks (居委 / 居住街坊)</source>
        <translation>街坊（居委 / 居住街坊）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="102"/>
        <source>The areas units are made of: 居委 areas or residential blocks, not overlapping.</source>
        <translation>组成单元的基本面：居委辖区或居住街坊，互不重叠。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="104"/>
        <location filename="../processing/facility_coverage.py" line="179"/>
        <location filename="../processing/potential_space.py" line="172"/>
        <location filename="../processing/siting.py" line="118"/>
        <source>Population field</source>
        <translation>人口字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="105"/>
        <source>Residents of each block (0 or more).</source>
        <translation>每个街坊的居民人数（不小于 0）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="107"/>
        <source>Block name or id field</source>
        <translation>街坊名称或编号字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="108"/>
        <source>Names blocks in messages and centres (default: the feature id).</source>
        <translation>在提示信息和单元中心中用于称呼街坊（默认：要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="110"/>
        <source>Block type field (居住/商务/产业/乡村)</source>
        <translation>街坊类型字段（居住/商务/产业/乡村）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="111"/>
        <source>Optional: a unit's type is the type holding most of its residents.</source>
        <translation>可选：单元的类型取其居民最多的街坊类型。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="113"/>
        <source>街镇 polygons</source>
        <translation>街镇面</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="114"/>
        <source>Subdistricts / towns: a unit never crosses their boundaries. Each block belongs to the 街镇 it overlaps most. Give these or a 街镇 field on the blocks.</source>
        <translation>街道/镇的范围：单元绝不跨越其边界。每个街坊归属与其重叠面积最大的街镇。请提供街镇面，或在街坊上提供街镇字段。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="117"/>
        <source>街镇 name field</source>
        <translation>街镇名称字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="118"/>
        <source>Field with the 街镇 name (default: a field called 'name', else the feature id).</source>
        <translation>存放街镇名称的字段（默认：名为 'name' 的字段，否则为要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="120"/>
        <source>…or 街镇 field on the blocks</source>
        <translation>…或街坊上的街镇字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="121"/>
        <source>Field on the blocks with their 街镇 (used when no 街镇 polygons are given).</source>
        <translation>街坊图层中记录所属街镇的字段（未提供街镇面时使用）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="123"/>
        <source>Barriers (expressways, railways, rivers)</source>
        <translation>障碍（快速路、铁路、河流）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="125"/>
        <source>Lines that separate blocks: two blocks on either side are not neighbours unless a walkable line of the network crosses the barrier between them (a bridge or an underpass).</source>
        <translation>分隔街坊的线：两侧的街坊不视为相邻，除非步行网络中有可步行的线在两者之间跨越该障碍（桥梁或地下通道）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="129"/>
        <source>Seeds (existing centres, optional)</source>
        <translation>种子点（现有中心，可选）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="131"/>
        <source>Points such as existing 党群服务中心 or one-stop centres: each anchors its own unit and is its centre (one per block; seeds outside every block are ignored with a message).</source>
        <translation>例如现有党群服务中心或一站式综合服务中心等点位：每个种子点锚定一个单元并作为其中心（每个街坊至多一个；位于所有街坊之外的种子点会被忽略并给出提示）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="134"/>
        <source>Seed name field</source>
        <translation>种子点名称字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="135"/>
        <source>Names the centre of seeded units (default: the feature id).</source>
        <translation>用于命名以种子点为中心的单元的中心（默认：要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="137"/>
        <source>Locked unit field</source>
        <translation>锁定单元字段</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="138"/>
        <source>Blocks a planner has already assigned: blocks with the same value form one unit that keeps them (and keeps the value as its unit_id); empty values are free. Locked blocks must be contiguous and in one 街镇.</source>
        <translation>规划师已划定的街坊：取值相同的街坊组成一个单元并保持不变（该值即为其 unit_id）；空值的街坊可自由划分。锁定的街坊必须空间连续且位于同一街镇内。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="142"/>
        <source>Population band</source>
        <translation>人口规模区间</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="143"/>
        <source>Residents per unit: Shanghai's central city 30,000–50,000, new towns 20,000 or more, GB 50180-2018's 15-minute life circle 50,000–100,000, or your own values.</source>
        <translation>每个单元的居民人数：上海中心城区 3–5 万人，新城 2 万人及以上，GB 50180-2018 十五分钟生活圈 5–10 万人，或自定义。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="146"/>
        <source>POP_MIN: at least this many residents per unit</source>
        <translation>POP_MIN：每个单元至少的居民人数</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="147"/>
        <source>With 'your own values', or to override the preset's floor.</source>
        <translation>选择“自定义”时使用，或用于覆盖预设的下限。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="149"/>
        <source>POP_MAX: at most this many residents per unit</source>
        <translation>POP_MAX：每个单元至多的居民人数</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="150"/>
        <source>With 'your own values' (empty: no ceiling), or to override the preset's ceiling.</source>
        <translation>选择“自定义”时使用（留空表示不设上限），或用于覆盖预设的上限。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="152"/>
        <source>MAX_WALK: walking distance from the centre to every block (m)</source>
        <translation>MAX_WALK：中心到各街坊的步行距离（米）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="153"/>
        <source>A 15-minute walk is about 800–1,000 m.</source>
        <translation>15 分钟步行约 800–1000 米。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="155"/>
        <source>Adjacency gap (m)</source>
        <translation>邻接间隙（米）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="156"/>
        <source>Blocks whose boundaries are closer than this are neighbours: slivers between 居委 polygons, or the streets and river corridors between blocks.</source>
        <translation>边界间距小于此值的街坊视为相邻：如居委面之间的碎缝，或街坊之间的街道和河道。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="159"/>
        <source>Minimum shared boundary (m)</source>
        <translation>最小共享边界（米）</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="160"/>
        <source>Blocks touching along less than this (e.g. only at a corner) are not neighbours.</source>
        <translation>相接长度小于此值（例如仅在角点相接）的街坊不视为相邻。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="162"/>
        <source>Locked units may take other blocks</source>
        <translation>锁定单元可纳入其他街坊</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="163"/>
        <source>Off: a locked unit is exactly its locked blocks. On: free blocks may join it.</source>
        <translation>关闭：锁定单元恰好由其锁定的街坊组成。打开：未锁定的街坊可以并入。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="165"/>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="166"/>
        <source>The search restarts from randomised centres: the same seed gives the same units.</source>
        <translation>搜索会从随机选取的中心重新开始：相同的随机种子得到相同的单元。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="168"/>
        <location filename="../processing/facility_coverage.py" line="182"/>
        <source>Life-circle units</source>
        <translation>生活圈基本单元</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="170"/>
        <source>Blocks with their unit</source>
        <translation>街坊及其所属单元</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="172"/>
        <source>Unit centres</source>
        <translation>单元中心</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="175"/>
        <source>Units meeting every rule</source>
        <translation>满足全部规则的单元数</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="189"/>
        <source>Population band 'your own values' needs POP_MIN (and POP_MAX, unless there is no ceiling).</source>
        <translation>人口规模区间选择“自定义”时需要 POP_MIN（以及 POP_MAX，除非不设上限）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="217"/>
        <source>Rules: {:,.0f}–{} residents per unit, every block within {:,.0f} m of the centre.</source>
        <translation>规则：每个单元 {:,.0f}–{} 人，每个街坊距中心不超过 {:,.0f} 米。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="224"/>
        <source>blocks</source>
        <translation>街坊</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="226"/>
        <source>Layer '{}' (blocks) is empty.</source>
        <translation>图层“{}”（街坊）为空。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="233"/>
        <source>No walking network: walking distances are straight lines between the blocks' representative points, and barriers are never crossed.</source>
        <translation>未提供步行网络：步行距离按街坊代表点之间的直线距离计算，且障碍始终不可跨越。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="264"/>
        <source>Give the 街镇: either 街镇 polygons (ADMIN) or a 街镇 field on the blocks (ADMIN_FIELD). A unit never crosses a 街镇 boundary.</source>
        <translation>请提供街镇：街镇面（ADMIN）或街坊上的街镇字段（ADMIN_FIELD）。单元绝不跨越街镇边界。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="268"/>
        <location filename="../processing/potential_space.py" line="400"/>
        <source>barriers</source>
        <translation>障碍</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="273"/>
        <source>seeds</source>
        <translation>种子点</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="292"/>
        <source>{} places where walkable lines cross a barrier (bridges, underpasses).</source>
        <translation>可步行的线跨越障碍之处 {} 个（桥梁、地下通道）。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="319"/>
        <source>{} units in {} 街镇 ({} walking distances); {} meet every rule.</source>
        <translation>{1} 个街镇中划示 {0} 个单元（步行距离：{2}）；{3} 个满足全部规则。</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="347"/>
        <source>seed {}</source>
        <translation>种子点 {}</translation>
    </message>
    <message>
        <location filename="../processing/delineate_units.py" line="373"/>
        <source>Could not write unit {}: {}</source>
        <translation>无法写出单元 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="25"/>
        <source>Export Excel ledger (台账)</source>
        <translation>导出 Excel 台账</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="29"/>
        <source>Writes the annual project list (年度项目实施清单) as an Excel workbook for the district offices, in Chinese: 项目台账 (the projects grouped by 街镇 with investment subtotals and a total; the columns the office fills — 项目状态, 进度, 开工/完工日期, 一图三会 dates, 备注 — are yellow, unlocked and have dropdowns / checks; the rest is protected without a password; A3 landscape, fit to width), 汇总 (counts and investment by 街镇 × status and by 十全/十美 category, with charts) and 说明 (what, from which layer, when, and how to return it).

Optional results add sheets: coverage units (Facility coverage) → 单元体检 and the gaps of 缺项与选址; siting results → recommended sites in 缺项与选址; potential-space parcels → 潜力空间; Project impact / Compare coverage units and Project impact projects → 成效评估.

YEARS: empty = the latest year of the list; 0 or 'all' = every year; or e.g. 2026, 2025,2026, 2024-2026. SUBDISTRICTS: empty = all 街镇, or a comma-separated list (东湖 matches 东湖街道).

Each project row carries a hidden fingerprint of its values: 'Import ledger updates' takes the office's changes back and flags projects changed in QGIS since the export as conflicts.</source>
        <translation>将年度项目实施清单导出为中文 Excel 工作簿，发给各街镇：项目台账（项目按街镇分组，含投资小计和合计；由街镇填写的列 —— 项目状态、进度、开工/完工日期、一图三会日期、备注 —— 为黄色、未锁定并带下拉列表/校验；其余部分设为保护（不设密码）；A3 横向，适应页宽）、汇总（按街镇 × 状态、按十全/十美类别统计的项目数和投资，附图表）和说明（内容、来源图层、导出时间及返回方式）。

可选的成果会增加工作表：覆盖单元（设施服务覆盖）→ 单元体检，以及缺项与选址中的缺项；选址结果 → 缺项与选址中的推荐选址；潜力空间地块 → 潜力空间；项目成效或覆盖对比的单元、项目成效的项目 → 成效评估。

YEARS：留空 = 清单中最新的年度；0 或 'all' = 全部年度；或如 2026、2025,2026、2024-2026。SUBDISTRICTS：留空 = 全部街镇，或以逗号分隔的列表（东湖 可匹配 东湖街道）。

每个项目行带有一个隐藏的数值指纹：“导入台账更新”会取回街镇的改动，并把导出后又在 QGIS 中改动过的项目标为冲突。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="57"/>
        <location filename="../processing/import_ledger.py" line="67"/>
        <location filename="../processing/project_impact.py" line="62"/>
        <source>Project list (年度项目实施清单)</source>
        <translation>项目清单（年度项目实施清单）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="58"/>
        <source>The annual project list layer (GeoPackage or PostGIS) with the LifeCircle project schema.</source>
        <translation>采用 LifeCircle 项目清单结构的年度项目实施清单图层（GeoPackage 或 PostGIS）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="60"/>
        <source>Year(s) (empty = latest, 0 = all)</source>
        <translation>年度（留空 = 最新，0 = 全部）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="61"/>
        <source>Which years to export: empty for the latest year in the list, 0 or 'all' for every year, or e.g. 2026, 2025,2026 or 2024-2026.</source>
        <translation>要导出的年度：留空为清单中最新的年度，0 或 'all' 为全部年度，或如 2026、2025,2026 或 2024-2026。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="64"/>
        <source>街镇 (empty = all)</source>
        <translation>街镇（留空 = 全部）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="65"/>
        <source>Comma-separated 街镇 names for a ledger of some 街镇 only (东湖 matches 东湖街道).</source>
        <translation>以逗号分隔的街镇名称，只导出这些街镇的台账（东湖 可匹配 东湖街道）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="67"/>
        <source>Coverage units (Facility coverage result)</source>
        <translation>覆盖单元（设施服务覆盖结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="69"/>
        <source>The units output of 'Facility coverage' (c_Q01… shares, missing_q/missing_m): adds 单元体检 and the gaps of 缺项与选址.</source>
        <translation>“设施服务覆盖”的单元输出（c_Q01… 覆盖比例、missing_q/missing_m）：增加单元体检工作表以及缺项与选址中的缺项。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="72"/>
        <source>Coverage target for the 单元体检 colours (%)</source>
        <translation>单元体检着色的覆盖率目标（%）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="74"/>
        <source>A category counts as met in a unit when at least this share of its residents is within walking distance (the profile's target by default; use the value the coverage was computed with).</source>
        <translation>单元中某类别的居民在步行距离内的比例不低于此值时视为达标（默认为配置标准的目标；请使用计算覆盖时采用的数值）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="78"/>
        <source>Recommended sites (Siting result)</source>
        <translation>推荐选址（选址结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="79"/>
        <source>Chosen sites of 'Siting' (lc_rank, new_pop, cum_pop …, with the candidates' own fields): listed in 缺项与选址.</source>
        <translation>“选址推荐”选出的选址点（lc_rank、new_pop、cum_pop 等，以及候选点自身的字段）：列入缺项与选址。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="82"/>
        <source>Category of the sites (e.g. Q05)</source>
        <translation>选址的设施类别（如 Q05）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="83"/>
        <source>The checklist category the siting run was for (its output has no category field).</source>
        <translation>该次选址所针对的清单类别（选址输出中没有类别字段）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="85"/>
        <source>Potential space (Potential space result)</source>
        <translation>潜力空间（找空间结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="87"/>
        <source>Parcels scored by 'Potential space' (rank, score, reason): the ranked parcels go to 潜力空间.</source>
        <translation>“潜力空间”评分后的地块（rank、score、reason）：排序后的地块写入潜力空间工作表。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="89"/>
        <source>Impact units (Project impact or Compare coverage result)</source>
        <translation>成效单元（项目成效或覆盖对比结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="91"/>
        <source>Units output of 'Project impact' (cb_/ca_ shares, q_met_b/q_met_a, new_pop) or of 'Compare coverage' (dc_ changes): per-unit before/after in 成效评估.</source>
        <translation>“项目成效评估”的单元输出（cb_/ca_ 覆盖比例、q_met_b/q_met_a、new_pop）或“覆盖逐年对比”的输出（dc_ 变化）：逐单元的前后对比写入成效评估。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="94"/>
        <source>Impact projects (Project impact result)</source>
        <translation>成效项目（项目成效评估结果）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="96"/>
        <source>Projects output of 'Project impact' (new_alone, new_ordered, lc_reason): per-project residents newly covered in 成效评估.</source>
        <translation>“项目成效评估”的项目输出（new_alone、new_ordered、lc_reason）：各项目新增覆盖的居民写入成效评估。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="99"/>
        <source>Ledger workbook</source>
        <translation>台账工作簿</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="100"/>
        <source>The .xlsx file to send to the district offices.</source>
        <translation>发给各街镇的 .xlsx 文件。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="101"/>
        <source>Projects exported</source>
        <translation>导出的项目数</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="102"/>
        <source>Investment exported (万元)</source>
        <translation>导出的投资额（万元）</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="112"/>
        <source>Choose the workbook to write (OUTPUT).</source>
        <translation>请选择要写入的工作簿（OUTPUT）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="229"/>
        <source>'{}' holds no project: nothing to export.</source>
        <translation>“{}”中没有项目：无可导出。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="239"/>
        <source>Year: {} (the latest in the list; set YEARS to choose others, 0 for all).</source>
        <translation>年度：{}（清单中最新的年度；设置 YEARS 可选择其他年度，0 为全部）。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="246"/>
        <source>No project of '{}' matches year(s) {} and 街镇 {}. The list has years {} and 街镇 {}.</source>
        <translation>“{}”中没有符合年度 {} 和街镇 {} 的项目。清单中的年度为 {}，街镇为 {}。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="247"/>
        <location filename="../processing/export_ledger.py" line="248"/>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="254"/>
        <source>No project in 街镇 {}.</source>
        <translation>街镇 {} 中没有项目。</translation>
    </message>
    <message>
        <location filename="../processing/export_ledger.py" line="260"/>
        <source>Ledger written: {} — {} project(s) in {} 街镇, investment {:,.2f} 万元; sheets: {}.</source>
        <translation>台账已写出：{0} — {2} 个街镇的 {1} 个项目，投资 {3:,.2f} 万元；工作表：{4}。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="43"/>
        <source>Automatic: checklist codes, AMap (高德) types and OSM tags</source>
        <translation>自动：清单代码、高德类型和 OSM 标签</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="44"/>
        <source>Checklist codes only (Q01…M10)</source>
        <translation>仅清单代码（Q01…M10）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="45"/>
        <source>AMap (高德) type codes and names</source>
        <translation>高德类型代码和名称</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="46"/>
        <source>OpenStreetMap tags</source>
        <translation>OpenStreetMap 标签</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="48"/>
        <source>WGS 84 / CGCS2000 (no conversion)</source>
        <translation>WGS 84 / CGCS2000（不转换）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="48"/>
        <source>GCJ-02 (AMap 高德, Tencent)</source>
        <translation>GCJ-02（高德、腾讯）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="49"/>
        <source>BD-09 (Baidu 百度)</source>
        <translation>BD-09（百度）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="77"/>
        <source>Facility coverage (十全/十美 checklist)</source>
        <translation>设施服务覆盖（十全/十美清单）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="81"/>
        <source>The life-circle 体检: for every resident point and every unit, which 十全 (must-have) and 十美 (optional) facility categories are within walking distance along the network, what share of residents each covers, and where the gaps are.

Facilities (points or polygons) get a checklist code from their category field: checklist codes (Q01…M10), AMap (高德) type codes or names, or OSM tags, through the bundled mapping tables or your own table (columns source, pattern, match, code). Values that map to no category are counted in the log.

Walking distance = from the resident to the network (access), along the network, and from the network to the facility; points farther than the snap tolerance from the network are reported as unreachable. A category is met in a unit when the share of the unit's residents within its threshold reaches the target (default 85 %, Shanghai's 2025 goal; 99 % for 2035).

Thresholds come from the profile: Shanghai's 十全/十美 (derived from GB 50180-2018's 5/10/15-minute tiers of 300/500/800–1,000 m, the Shanghai 2016 guideline and MOFCOM's 一刻钟便民生活圈) or the national GB 50180-2018 / TD/T 1062-2021 tiers; THRESHOLDS overrides single categories (e.g. Q05=300).

Outputs: residents with the distance to each category (d_Q01…, empty when beyond the search limit), units with covered shares (c_Q01… in %), facilities inside (n_Q01…), 十全/十美 met, missing categories in Chinese, target met, the '1+N' check and a score (7 points per 十全 and 3 per 十美 category met); facilities with their code and the residents they serve; optionally the service area of each category.</source>
        <translation>生活圈“体检”：对每个居民点和每个单元，沿步行网络计算哪些十全（必配）和十美（选配）类别的设施在步行距离内、各类别覆盖了多大比例的居民，以及缺口在哪里。

设施（点或面）按其类别字段获得清单代码：清单代码（Q01…M10）、高德类型代码或名称、OSM 标签，通过内置映射表或你自己的映射表（列 source、pattern、match、code）转换。无法对应到任何类别的值会在日志中统计。

步行距离 = 居民到步行网络的接入距离 + 沿网络的距离 + 网络到设施的距离；距离网络超过捕捉容差的点记为不可达。单元中在某类别阈值内的居民比例达到目标（默认 85%，即上海 2025 年目标；2035 年为 99%）时，该类别在该单元达标。

阈值取自配置标准：上海十全/十美（依据 GB 50180-2018 的 5/10/15 分钟分级 300/500/800–1000 米、《上海市15分钟社区生活圈规划导则》（2016）和商务部一刻钟便民生活圈），或国家 GB 50180-2018 / TD/T 1062-2021 分级；THRESHOLDS 可覆盖单个类别（如 Q05=300）。

输出：居民点及其到各类别的距离（d_Q01…，超出搜索范围时为空）；单元及其覆盖比例（c_Q01…，单位 %）、单元内设施数（n_Q01…）、十全/十美达标数、缺项类别（中文）、是否达到目标、“1+N”检查和得分（每个达标的十全类别 7 分、十美类别 3 分）；设施及其代码和服务的居民数；可选输出各类别的服务范围。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="126"/>
        <source>Service area width either side of the street (m)</source>
        <translation>服务范围向街道两侧延伸的宽度（米）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="127"/>
        <source>How far from the reachable streets the service-area polygons extend.</source>
        <translation>服务范围面从可达街道向外延伸的距离。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="130"/>
        <source>Residents with walking distances</source>
        <translation>居民点及步行距离</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="133"/>
        <source>Units: 十全/十美 coverage</source>
        <translation>单元：十全/十美覆盖</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="135"/>
        <source>Facilities with residents served</source>
        <translation>设施及服务居民数</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="138"/>
        <source>Service areas per category</source>
        <translation>各类别服务范围</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="140"/>
        <source>Units meeting the 十全 target</source>
        <translation>达到十全目标的单元数</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="142"/>
        <source>Share of residents covered, by category (JSON)</source>
        <translation>各类别的居民覆盖比例（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="149"/>
        <source>Facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="151"/>
        <source>Existing facilities (points, or polygons: their point on surface is used).</source>
        <translation>现有设施（点；或面，取其面内点）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="153"/>
        <source>Facility category field</source>
        <translation>设施类别字段</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="154"/>
        <source>Field with a checklist code (Q01…M10), an AMap type code/name or OSM tags.</source>
        <translation>存放清单代码（Q01…M10）、高德类型代码/名称或 OSM 标签的字段。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="156"/>
        <source>Category mapping</source>
        <translation>类别映射</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="157"/>
        <source>Which bundled tables translate the category field into checklist codes.</source>
        <translation>用哪些内置映射表把类别字段转换为清单代码。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="159"/>
        <source>Your own mapping table (CSV)</source>
        <translation>自定义映射表（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="160"/>
        <source>Rows (source, pattern, match, code, note) that override the bundled ones.</source>
        <translation>优先于内置映射表的映射行（source、pattern、match、code、note）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="162"/>
        <source>Facility coordinates are in</source>
        <translation>设施坐标所用坐标系</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="164"/>
        <source>Chinese POI data from AMap/Tencent is in GCJ-02 and from Baidu in BD-09: it is converted to WGS 84 on the way in (the facility layer must then be in a longitude/latitude CRS).</source>
        <translation>来自高德/腾讯的中国 POI 数据为 GCJ-02，来自百度的为 BD-09：读入时转换为 WGS 84（此时设施图层必须采用经纬度坐标参考系）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="167"/>
        <source>One-stop centre flag field</source>
        <translation>一站式中心标记字段</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="168"/>
        <source>1/true marks a one-stop service centre (一站式综合服务中心) for the '1+N' check.</source>
        <translation>值为 1/true 表示一站式综合服务中心，用于“1+N”检查。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="171"/>
        <source>Facility floor area field (m²)</source>
        <translation>设施建筑面积字段（m²）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="173"/>
        <source>Floor area for the '1+N' check: the centre needs ≥ 800 m², small points 50–200 m².</source>
        <translation>用于“1+N”检查的建筑面积：中心需 ≥ 800 m²，小型服务点 50–200 m²。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="175"/>
        <source>Residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="177"/>
        <source>Resident points (buildings, address points) or polygons (their point on surface), with population.</source>
        <translation>居民点（建筑、门牌地址点）或面（取其面内点），带人口数。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="180"/>
        <location filename="../processing/siting.py" line="119"/>
        <source>Number of residents of each feature (0 or more).</source>
        <translation>每个要素的居民人数（不小于 0）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="183"/>
        <source>Units to summarise by. Without them the whole area is one summary.</source>
        <translation>用于汇总的单元。不提供时，整个区域作为一个汇总单元。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="186"/>
        <source>Field naming each unit (default: the feature id).</source>
        <translation>为每个单元命名的字段（默认：要素 ID）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="189"/>
        <location filename="../processing/potential_space.py" line="175"/>
        <location filename="../processing/siting.py" line="172"/>
        <source>Checklist profile</source>
        <translation>清单配置标准</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="190"/>
        <source>Bundled profile: categories, walking thresholds and target.</source>
        <translation>内置配置标准：类别、步行距离阈值和覆盖率目标。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="192"/>
        <location filename="../processing/potential_space.py" line="178"/>
        <source>Your own profile (CSV, overrides the choice above)</source>
        <translation>自定义配置标准（CSV，优先于上面的选择）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="193"/>
        <location filename="../processing/potential_space.py" line="179"/>
        <location filename="../processing/siting.py" line="176"/>
        <source>A copy of a bundled profile CSV, edited.</source>
        <translation>复制一份内置配置标准 CSV 修改而成。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="195"/>
        <location filename="../processing/potential_space.py" line="181"/>
        <source>Threshold overrides (e.g. Q05=300, M03=800)</source>
        <translation>阈值覆盖（如 Q05=300, M03=800）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="196"/>
        <location filename="../processing/potential_space.py" line="182"/>
        <source>Walking thresholds in metres for single categories, replacing the profile's.</source>
        <translation>单个类别的步行距离阈值（米），替换配置标准中的值。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="198"/>
        <source>Target share of residents covered (%)</source>
        <translation>居民覆盖率目标（%）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="200"/>
        <source>A category is met in a unit when at least this share of its residents are within the threshold (Shanghai: 85 % by 2025, 99 % by 2035).</source>
        <translation>单元中至少有此比例的居民在阈值距离内时，该类别在该单元达标（上海：2025 年 85%，2035 年 99%）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="203"/>
        <source>Search limit (m)</source>
        <translation>搜索范围（米）</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="204"/>
        <source>Distances beyond this are reported as unreachable (empty).</source>
        <translation>超过此距离记为不可达（空值）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="277"/>
        <source>Profile: {} — target {:.0%}</source>
        <translation>配置标准：{} — 目标 {:.0%}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="282"/>
        <source>SEARCH_LIMIT {:,.0f} m is shorter than the walking threshold of {} ({:,.0f} m): distances are searched up to {:,.0f} m instead, so that every category can be judged.</source>
        <translation>搜索上限 SEARCH_LIMIT {:,.0f} 米短于 {} 的步行距离阈值（{:,.0f} 米）：改为搜索至 {:,.0f} 米，以便判断每一类设施。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="293"/>
        <source>facilities</source>
        <translation>设施</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="294"/>
        <location filename="../processing/siting.py" line="252"/>
        <source>residents</source>
        <translation>居民</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="302"/>
        <location filename="../processing/potential_space.py" line="263"/>
        <location filename="../processing/siting.py" line="259"/>
        <source>Layer '{}' is empty.</source>
        <translation>图层“{}”为空。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="317"/>
        <source>Layer '{}': {} facilities have a '{}' value that maps to no checklist category, left out of the analysis: {}</source>
        <translation>图层“{}”：{} 个设施的“{}”值无法对应到任何清单类别，未纳入分析：{}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="321"/>
        <source>Layer '{}': {} feature(s) without geometry (feature ids {}) count as unreachable.</source>
        <translation>图层“{}”：{} 个要素没有几何（要素 ID {}），记为不可达。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="335"/>
        <source>units</source>
        <translation>单元</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="345"/>
        <source>Layer '{}': units overlap, so residents would count twice: {}. Fix the unit polygons (e.g. with 'Remove overlaps' or by snapping) and run again.</source>
        <translation>图层“{}”：单元相互重叠，居民会被重复计算：{}。请修正单元面（例如使用“移除重叠”或捕捉），然后重新运行。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="366"/>
        <source>Layer '{}' is in {}, a projected CRS, but its coordinates are said to be {}: GCJ-02/BD-09 offsets apply to longitude/latitude. Give the layer in its original lon/lat CRS (EPSG:4326).</source>
        <translation>图层“{}”采用 {}，这是投影坐标系，但其坐标被指定为 {}：GCJ-02/BD-09 偏移只适用于经纬度。请使用图层原始的经纬度坐标参考系（EPSG:4326）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="386"/>
        <source>Layer '{}': facility coordinates converted from {} to WGS 84 ({} outside China left unchanged).</source>
        <translation>图层“{}”：设施坐标已从 {} 转换为 WGS 84（{} 个位于中国境外，保持不变）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="396"/>
        <source>Layer '{}': {} resident point(s) ({:,.0f} residents) are farther than the snap tolerance from any walkable street and count as not covered (feature ids {}).</source>
        <translation>图层“{}”：{} 个居民点（{:,.0f} 人）距任何可步行街道都超过捕捉容差，记为未覆盖（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="401"/>
        <source>Layer '{}': {} facilities are farther than the snap tolerance from any walkable street and serve nobody (feature ids {}).</source>
        <translation>图层“{}”：{} 个设施距任何可步行街道都超过捕捉容差，不服务任何居民（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="405"/>
        <source>{} resident point(s) lie outside every unit: they count in the overall shares only.</source>
        <translation>{} 个居民点位于所有单元之外：只计入总体覆盖比例。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="408"/>
        <source>No facility at all for: {}</source>
        <translation>完全没有设施的类别：{}</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="411"/>
        <source>Share of residents within walking distance, by category:</source>
        <translation>各类别在步行距离内的居民比例：</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="415"/>
        <source>{} of {} unit(s) meet the 十全 target.</source>
        <translation>{1} 个单元中有 {0} 个达到十全目标。</translation>
    </message>
    <message>
        <location filename="../processing/facility_coverage.py" line="456"/>
        <location filename="../processing/project_impact.py" line="173"/>
        <source>whole area</source>
        <translation>全域</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="51"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="51"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="64"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="66"/>
        <source>advanced</source>
        <translation>高级</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="75"/>
        <source>Default</source>
        <translation>默认值</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="79"/>
        <location filename="../processing/help_pages.py" line="95"/>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="92"/>
        <source>LifeCircle 15-minute community life circle</source>
        <translation>LifeCircle 15分钟社区生活圈</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="97"/>
        <source>Outputs</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../processing/help_pages.py" line="99"/>
        <source>Every default names its source in the README (Where the defaults come from) and in resources/standards/README.md.</source>
        <translation>每个默认值的依据见 README（默认值依据）和 resources/standards/README.md。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="38"/>
        <source>Import ledger updates (台账)</source>
        <translation>导入台账更新</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="42"/>
        <source>Reads a ledger workbook returned by a district office (exported by 'Export Excel ledger' and saved by Excel, WPS or LibreOffice) and takes the office's updates back into the project list: rows are matched by 项目编号, and only the fields offices own are taken (项目状态, 进度, 开工/完工日期, 听证会/协调会/评议会, 备注).

With APPLY off (the default) nothing is written: every change (project, field, old → new) is listed in the log and in the preview table. A project changed in QGIS since the export (its hidden fingerprint differs) is a conflict, shown side by side (exported / office / QGIS now) and never overwritten. Unknown or duplicate ids, values outside the dropdown lists, progress outside 0–100, an end before the start, formulas without a saved result, merged cells, a missing sheet or column are errors with sheet, row and column.

With APPLY on, the changes are written through the layer's edit buffer and saved all together — or not at all: an import with errors changes nothing, and any failure while saving rolls everything back. The layer must not have unsaved edits of its own. Formulas are never evaluated: their saved results are used.</source>
        <translation>读取街镇返回的台账工作簿（由“导出 Excel 台账”导出，经 Excel、WPS 或 LibreOffice 保存），把街镇的更新写回项目清单：按项目编号匹配行，只取街镇负责填写的字段（项目状态、进度、开工/完工日期、听证会/协调会/评议会、备注）。

APPLY 关闭（默认）时不写入任何内容：每处改动（项目、字段、原值 → 新值）都列在日志和预览表中。导出后又在 QGIS 中改动过的项目（其隐藏指纹不同）视为冲突，并排显示（导出时 / 街镇填报 / QGIS 现在），绝不覆盖。未知或重复的编号、不在下拉列表中的值、超出 0–100 的进度、完工早于开工、没有保存计算结果的公式、合并单元格、缺少的工作表或列都会报错，并指出工作表、行和列。

APPLY 打开时，改动通过图层的编辑缓冲区写入并一次性全部保存 —— 要么全部成功，要么全部不写：有错误的导入不做任何修改，保存时出现任何故障都会全部回滚。图层本身不能有未保存的编辑。公式从不重新计算：使用其保存的结果。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="68"/>
        <source>The annual project list the ledger was exported from.</source>
        <translation>导出该台账时所用的年度项目实施清单。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="70"/>
        <source>Returned ledger workbook (.xlsx)</source>
        <translation>返回的台账工作簿（.xlsx）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="71"/>
        <source>The workbook the district office sent back.</source>
        <translation>街镇发回的工作簿。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="73"/>
        <source>Apply the changes (off = preview only)</source>
        <translation>写入改动（关闭 = 仅预览）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="74"/>
        <source>Off: list the changes only. On: write them to the project list (all or nothing).</source>
        <translation>关闭：只列出改动。打开：写入项目清单（全部写入或全部不写）。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="76"/>
        <source>Preview of changes</source>
        <translation>改动预览</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="78"/>
        <source>A table: one row per change, conflict and error.</source>
        <translation>一张表：每处改动、冲突和错误各一行。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="79"/>
        <source>Changes found</source>
        <translation>发现的改动数</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="79"/>
        <source>Conflicts (not applied)</source>
        <translation>冲突数（未写入）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="80"/>
        <source>Errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="80"/>
        <source>Projects updated</source>
        <translation>已更新的项目数</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="81"/>
        <source>Edits to planner columns (not applied)</source>
        <translation>对锁定列的改动（未采用）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="82"/>
        <source>Exported projects missing from the workbook</source>
        <translation>台账中缺少的导出项目</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="83"/>
        <source>Rows without a project (skipped)</source>
        <translation>不含项目的行（已跳过）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="105"/>
        <source>Choose the returned workbook (WORKBOOK).</source>
        <translation>请选择返回的工作簿（WORKBOOK）。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="114"/>
        <source>{} error(s) in '{}': nothing was changed. Fix them in the workbook (or ask the office to) and import again. First: {}</source>
        <translation>“{1}”中有 {0} 处错误：未做任何修改。请在工作簿中修正（或请街镇修正）后重新导入。第一处：{2}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="120"/>
        <source>Preview only: nothing was written. Run again with APPLY on to write the {} change(s).</source>
        <translation>仅预览：未写入任何内容。打开 APPLY 重新运行即可写入这 {} 处改动。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="132"/>
        <source>Applied: {} change(s) to {} project(s) of '{}' saved.</source>
        <translation>已写入：对“{2}”中 {1} 个项目的 {0} 处改动已保存。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="193"/>
        <source>'{}' has unsaved edits: save or roll them back first, then import the ledger (its changes are saved all together, without mixing in other edits).</source>
        <translation>“{}”有未保存的编辑：请先保存或回滚，再导入台账（台账的改动会一次性全部保存，不与其他编辑混在一起）。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="202"/>
        <source>Ledger exported {} from '{}' (LifeCircle {}).</source>
        <translation>台账于 {} 从“{}”导出（LifeCircle {}）。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="207"/>
        <source>  change  {} (row {}, {}): {}</source>
        <translation>  改动  {}（第 {} 行，{}）：{}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="209"/>
        <source>  … and {} more changes (see the preview table)</source>
        <translation>  … 另有 {} 处改动（见预览表）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="211"/>
        <source>  conflict {}</source>
        <translation>  冲突  {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="213"/>
        <source>  error   {}</source>
        <translation>  错误  {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="215"/>
        <source>  … and {} more errors (see the preview table)</source>
        <translation>  … 另有 {} 处错误（见预览表）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="218"/>
        <source>  not applied {}</source>
        <translation>  未采用 {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="220"/>
        <source>  missing {}: not in the returned workbook (row deleted by the office?); nothing is deleted from the list</source>
        <translation>  缺少 {}：不在返回的台账中（街镇删除了该行？）；清单中不删除</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="223"/>
        <source>  skipped {}</source>
        <translation>  跳过 {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="225"/>
        <source>  note    {}</source>
        <translation>  提示  {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="239"/>
        <source>The import has {} error(s): nothing was changed.</source>
        <translation>导入中有 {} 处错误：未做任何修改。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="249"/>
        <source>Project(s) {} are no longer in '{}': nothing was changed.</source>
        <translation>项目 {} 已不在“{}”中：未做任何修改。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="252"/>
        <source>Editing '{}' could not start: nothing was changed.</source>
        <translation>无法开始编辑“{}”：未做任何修改。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="257"/>
        <source>Import ledger ({} projects)</source>
        <translation>导入台账（{} 个项目）</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="264"/>
        <source>'{}' has no field {}</source>
        <translation>“{}”没有字段 {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="267"/>
        <source>project {}: {} could not be changed</source>
        <translation>项目 {}：无法修改 {}</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="272"/>
        <source>project {}: updated_at could not be set</source>
        <translation>项目 {}：无法设置 updated_at</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="279"/>
        <source>Applying the ledger to '{}' failed ({}): everything was rolled back, nothing was changed.</source>
        <translation>将台账写入“{}”失败（{}）：已全部回滚，未做任何修改。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="285"/>
        <source>Saving the ledger's changes to '{}' failed: {}. Everything was rolled back, nothing was changed.</source>
        <translation>保存台账改动到“{}”失败：{}。已全部回滚，未做任何修改。</translation>
    </message>
    <message>
        <location filename="../processing/import_ledger.py" line="286"/>
        <source>refused</source>
        <translation>被拒绝</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="41"/>
        <source>land use</source>
        <translation>用地性质</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="42"/>
        <source>status</source>
        <translation>使用状态</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="43"/>
        <source>FAR</source>
        <translation>容积率</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="44"/>
        <source>building year</source>
        <translation>建成年代</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="45"/>
        <source>ownership</source>
        <translation>权属</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="46"/>
        <source>area</source>
        <translation>面积</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="47"/>
        <source>remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="49"/>
        <source>Exclude parcels that overlap them</source>
        <translation>排除与其重叠的地块</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="49"/>
        <source>Cut them out of the parcels</source>
        <translation>从地块中裁掉</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="55"/>
        <source>Potential space (找空间)</source>
        <translation>潜力空间（找空间）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="59"/>
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
        <location filename="../processing/potential_space.py" line="108"/>
        <source>Parcels</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="109"/>
        <source>Land parcels (地块) with land use, status, FAR, building year, ownership and area.</source>
        <translation>地块图层，带用地性质、使用状态、容积率、建成年代、权属和面积。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="111"/>
        <source>Land use: class names (居住, 商业, 工业, 仓储, 教育, 机关, 绿地, 交通, 空地), GB 50137 or 用地用海分类 codes, or text labels.</source>
        <translation>用地性质：类别名称（居住、商业、工业、仓储、教育、机关、绿地、交通、空地）、GB 50137 或用地用海分类代码，或文字标签。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="113"/>
        <source>Use status: idle / vacant / in_use (or 闲置 / 空置 / 使用中).</source>
        <translation>使用状态：idle / vacant / in_use（或 闲置 / 空置 / 使用中）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="114"/>
        <source>Floor area ratio (容积率), a number.</source>
        <translation>容积率，数值。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="115"/>
        <source>Year the buildings were completed, a number (empty for open land).</source>
        <translation>建筑建成年份，数值（空地留空）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="116"/>
        <source>Ownership (国有 / 集体 / 企业 / 业主共有 …): how easily the land can be used.</source>
        <translation>权属（国有 / 集体 / 企业 / 业主共有 …）：决定土地利用的难易。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="117"/>
        <source>Parcel area in m². Without it the area is computed from the geometry.</source>
        <translation>地块面积（m²）。没有时按几何计算面积。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="118"/>
        <source>Free text (remark or name) searched for the rules' keywords, e.g. 运动场.</source>
        <translation>自由文本（备注或名称），用于匹配规则中的关键词，例如 运动场。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="123"/>
        <source>Parcel {} field</source>
        <translation>地块{}字段</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="129"/>
        <source>Zones (居委 or life-circle units)</source>
        <translation>片区（居委或生活圈基本单元）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="131"/>
        <source>Which residential area each parcel lies in (by its point on surface).</source>
        <translation>每个地块所在的居住片区（按其面内点判断）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="133"/>
        <source>Zone type field</source>
        <translation>片区类型字段</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="134"/>
        <source>Zones whose type is 居住 / 住宅 / residential (the rules file's residential_zone_values) are residential. Without it a zone is residential when housing is at least half of its parcels' area.</source>
        <translation>类型为 居住 / 住宅 / residential（规则表中的 residential_zone_values）的片区为居住片区。没有该字段时，住宅至少占片区内地块面积一半的片区为居住片区。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="137"/>
        <source>Parcel zone field (without a zones layer)</source>
        <translation>地块的片区字段（无片区图层时）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="138"/>
        <source>A parcel field naming its 居委 or unit (e.g. block_id), used when no zones layer is given. Without both, a parcel's zone is the parcels within 300 m.</source>
        <translation>地块上记录其所属居委或单元的字段（如 block_id），在未提供片区图层时使用。两者都没有时，以地块周边 300 米内的地块作为其片区。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="142"/>
        <source>Elevated roads / barriers (lines)</source>
        <translation>高架道路 / 障碍（线）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="144"/>
        <source>Elevated expressways for the 桥下空间 rule. Without this layer, the network's excluded classes (expressways nobody walks on) count as elevated roads.</source>
        <translation>用于“桥下空间”规则的高架快速路。没有该图层时，步行网络中被排除的道路等级（无人步行的快速路）视为高架道路。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="147"/>
        <source>Barrier type field</source>
        <translation>障碍类型字段</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="149"/>
        <source>Only barriers whose type is in the list below count as elevated roads (rivers do not).</source>
        <translation>只有类型在下方列表中的障碍才视为高架道路（河流不算）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="151"/>
        <source>Types that are elevated roads (comma separated)</source>
        <translation>属于高架道路的类型（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="152"/>
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
        <location filename="../processing/potential_space.py" line="168"/>
        <source>Residents with walking distances (Facility coverage output)</source>
        <translation>居民点及步行距离（设施服务覆盖的输出）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="170"/>
        <source>The RESIDENTS_OUTPUT of Facility coverage: its d_Q01… fields say who lacks what.</source>
        <translation>“设施服务覆盖”的 RESIDENTS_OUTPUT：其 d_Q01… 字段说明谁缺什么。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="173"/>
        <source>Residents of each feature.</source>
        <translation>每个要素的居民人数。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="176"/>
        <source>Categories, walking thresholds and the minimum area of each category.</source>
        <translation>类别、步行距离阈值及各类别的最小面积。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="184"/>
        <source>Your own rules table (CSV, replaces the bundled one)</source>
        <translation>自定义规则表（CSV，替换内置规则表）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="185"/>
        <source>A copy of resources/rules/potential_space.csv, edited: rules, thresholds and score weights.</source>
        <translation>复制 resources/rules/potential_space.csv 修改而成：规则、阈值和评分权重。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="187"/>
        <source>Your own land-use classes (CSV)</source>
        <translation>自定义用地分类（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="188"/>
        <source>Rows (pattern, match, class, note) that take precedence over resources/rules/land_use.csv.</source>
        <translation>优先于 resources/rules/land_use.csv 的映射行（pattern、match、class、note）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="191"/>
        <source>Score weights (e.g. kind=30, need=40, area=15, ownership=15)</source>
        <translation>评分权重（如 kind=30, need=40, area=15, ownership=15）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="192"/>
        <source>Points for each part of the score, replacing the rules file's; need_full and area_full set the scales.</source>
        <translation>得分各组成部分的分值，替换规则表中的设置；need_full 和 area_full 设定标尺。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="195"/>
        <source>Keep every parcel (not only potential space)</source>
        <translation>保留所有地块（不只潜力空间）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="196"/>
        <source>Write all parcels; those without potential have no kind, score or rank.</source>
        <translation>写出全部地块；没有潜力的地块其类型、得分和排序为空。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="198"/>
        <source>Potential space</source>
        <translation>潜力空间</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="199"/>
        <source>Parcels with potential</source>
        <translation>有潜力的地块数</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="200"/>
        <source>Parcels by kind of potential (JSON)</source>
        <translation>按潜力类型统计的地块数（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="248"/>
        <source>Rules: {} ({} rules). Score = {:g} × kind + {:g} × need + {:g} × area + {:g} × ownership.</source>
        <translation>规则：{}（{} 条规则）。得分 = {:g} × 类型 + {:g} × 需求 + {:g} × 面积 + {:g} × 权属。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="261"/>
        <source>parcels</source>
        <translation>地块</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="281"/>
        <source>zones</source>
        <translation>片区</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="292"/>
        <source>Zones '{}': {} of {} parcels lie in a zone.</source>
        <translation>片区“{0}”：{2} 个地块中有 {1} 个位于片区内。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="310"/>
        <source>coverage</source>
        <translation>覆盖结果</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="320"/>
        <source>Layer '{}' has no distance fields d_Q01…d_M10 (fields: {}). Use the 'Residents with walking distances' output (RESIDENTS_OUTPUT) of lifecircle:facilitycoverage as COVERAGE.</source>
        <translation>图层“{}”没有距离字段 d_Q01…d_M10（现有字段：{}）。请使用 lifecircle:facilitycoverage 的“居民点及步行距离”输出（RESIDENTS_OUTPUT）作为 COVERAGE。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="326"/>
        <source>Layer '{}' has no population field '{}' (fields: {}). Choose the population field of the residents.</source>
        <translation>图层“{}”没有人口字段“{}”（现有字段：{}）。请选择居民的人口字段。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="336"/>
        <source>Coverage '{}': {} residents in {} features; distance fields for {} categories.</source>
        <translation>覆盖结果“{0}”：{2} 个要素共 {1} 名居民；{3} 个类别有距离字段。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="380"/>
        <source>Layer '{}' has no field '{}' ({}). Fields: {}</source>
        <translation>图层“{}”没有字段“{}”（{}）。现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="384"/>
        <source>Layer '{}' has no field for: {}. Rules on these attributes cannot fire; choose the fields if the layer has them under other names.</source>
        <translation>图层“{}”没有以下属性的字段：{}。依赖这些属性的规则无法触发；如果图层中这些字段用了其他名称，请选择它们。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="388"/>
        <source>Neither land use nor status is known: only the rules on size, place and keywords can fire.</source>
        <translation>用地性质和使用状态均未知：只有关于面积、位置和关键词的规则可以触发。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="406"/>
        <source>Layer '{}' has no field '{}' (barrier type). Fields: {}</source>
        <translation>图层“{}”没有字段“{}”（障碍类型）。现有字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="416"/>
        <source>Layer '{}' has no type field: all its {} lines count as elevated roads.</source>
        <translation>图层“{}”没有类型字段：其全部 {} 条线都视为高架道路。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="418"/>
        <source>Elevated roads: {} line(s) of '{}'.</source>
        <translation>高架道路：“{1}”中的 {0} 条线。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="429"/>
        <source>Elevated roads: the {} network line(s) of the excluded classes ({}).</source>
        <translation>高架道路：步行网络中被排除等级（{1}）的 {0} 条线。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="440"/>
        <source>constraints</source>
        <translation>限制条件</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="453"/>
        <source>Constraints '{}': {} polygon(s), {} to exclude, {} to clip.</source>
        <translation>限制条件“{}”：{} 个面，{} 个用于排除，{} 个用于裁剪。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="464"/>
        <source>Layer '{}': invalid polygons were repaired before use (feature ids {}).</source>
        <translation>图层“{}”：无效的面在使用前已修复（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="468"/>
        <source>Layer '{}': status values that are not idle / vacant / in_use (rules on status do not fire on them): {}</source>
        <translation>图层“{}”：以下使用状态值不是 idle / vacant / in_use（关于使用状态的规则对其不触发）：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="471"/>
        <source>Layer '{}': {} parcel(s) without an area value: their area is computed from the geometry.</source>
        <translation>图层“{}”：{} 个地块没有面积值：按几何计算面积。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="474"/>
        <source>No remark field: the rules on keywords cannot fire.</source>
        <translation>没有备注字段：关于关键词的规则无法触发。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="477"/>
        <source>{} parcel(s) excluded by constraints: {}</source>
        <translation>{} 个地块因限制条件被排除：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="479"/>
        <source>Layer '{}': {} potential parcel(s) are farther than the snap tolerance from every walkable street: no residents are counted for them (feature ids {}).</source>
        <translation>图层“{}”：{} 个潜力地块距所有可步行街道都超过捕捉容差：不为其统计居民（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="484"/>
        <source>{} resident feature(s) are farther than the snap tolerance from every walkable street and are not counted near any parcel.</source>
        <translation>{} 个居民要素距所有可步行街道都超过捕捉容差，不计入任何地块的周边居民。</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="488"/>
        <source>Distance fields for codes not in the profile were ignored: {}</source>
        <translation>已忽略配置标准中没有的类别代码的距离字段：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="492"/>
        <source>Residents lacking each category (distance empty or beyond its threshold):</source>
        <translation>各类别缺少服务的居民数（距离为空或超过阈值）：</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="496"/>
        <source>{} parcel(s) with potential: {}</source>
        <translation>有潜力的地块 {} 个：{}</translation>
    </message>
    <message>
        <location filename="../processing/potential_space.py" line="548"/>
        <source>Could not write parcel {}: {}</source>
        <translation>无法写出地块 {}：{}</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="26"/>
        <source>Prepare walking network</source>
        <translation>准备步行网络</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="29"/>
        <source>Cleans a line layer (e.g. OpenStreetMap streets opened in QGIS, or a centre-line dataset) into the routable walking network every LifeCircle analysis uses.

Nodes are placed at line ends and at every vertex two lines share (as OSM ways meet); optionally also where lines cross without a shared vertex (centre-line data). Line ends closer than the node tolerance are joined and reported; zero-length and duplicate edges are dropped; classes nobody walks on (motorway, trunk — in Shanghai the elevated Yan'an and North–South roads — and their ramps) are left out.

Outputs: the edges with their length in metres and connected-component id (0 = the largest), the nodes with their degree (degree 1 = dangle), and counts in the log and as output values. Check the components: a facility on a small island of network cannot serve residents on the main one.</source>
        <translation>把线图层（例如在 QGIS 中打开的 OpenStreetMap 街道，或道路中心线数据）清理成可寻路的步行网络，供 LifeCircle 的各项分析使用。

节点设在线的端点以及两条线共享的每个节点上（即 OSM 道路的衔接处）；也可选择在没有共享节点的相交处打断（道路中心线数据）。间距小于节点容差的端点会被连接并记录；零长度边和重复边会被删除；无人步行的道路等级（motorway、trunk —— 在上海即延安路高架、南北高架等 —— 及其匝道）不参与。

输出：边及其长度（米）和连通分量编号（0 = 最大分量），节点及其度（度为 1 即悬挂点），以及日志和输出值中的各项统计。请检查连通分量：位于网络孤岛上的设施无法服务主网络上的居民。</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="48"/>
        <source>Walking network edges</source>
        <translation>步行网络边</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="53"/>
        <source>Walking network nodes</source>
        <translation>步行网络节点</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="58"/>
        <source>Number of nodes</source>
        <translation>节点数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="59"/>
        <source>Number of edges</source>
        <translation>边数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="60"/>
        <source>Total length (m)</source>
        <translation>总长度（米）</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="61"/>
        <source>Connected components</source>
        <translation>连通分量数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="62"/>
        <source>Largest component's share of the length</source>
        <translation>最大连通分量占总长度的比例</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="63"/>
        <source>Dangles (nodes of degree 1)</source>
        <translation>悬挂点数（度为 1 的节点）</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="64"/>
        <source>Nodes merged within the tolerance</source>
        <translation>在容差内合并的节点数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="65"/>
        <source>Gaps closed by merging</source>
        <translation>合并时弥合的断口数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="66"/>
        <source>Duplicate edges dropped</source>
        <translation>删除的重复边数</translation>
    </message>
    <message>
        <location filename="../processing/prepare_network.py" line="67"/>
        <source>Features excluded (class or walkable flag)</source>
        <translation>排除的要素数（按道路等级或可步行标记）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="34"/>
        <source>Project impact (before / after)</source>
        <translation>项目成效评估（实施前后）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="37"/>
        <source>What the year's projects buy — the evidence for the 评议会 and the 监测评估 step: facility coverage is computed before and after adding the selected projects of the annual list (年度项目实施清单) as facilities of their checklist category, on the same network with the same snapping.

Projects are selected by YEAR (0 = every year) and STATUSES (default 在建, 完工, 运营; add 谋划/前期 to test a draft list). A polygon project counts at its point on surface. Projects without a checklist category or a location are listed with the reason, never dropped silently.

Outputs: units with the covered share of each category before and after (cb_Q01/ca_Q01 %), 十全/十美 met before and after, target met before and after, residents newly covered and the categories improved; projects with the residents newly covered by each alone, and credited in the order of the list (ordered by project id, so the credits add up to the total gain), flagged '与现有服务重叠' when they cover nobody new; residents with the distance before and after for the categories that changed.</source>
        <translation>年度项目带来了什么 —— 为评议会和监测评估提供依据：在同一步行网络、相同捕捉设置下，分别计算加入年度项目实施清单中所选项目（作为其清单类别的设施）之前和之后的设施服务覆盖。

项目按 YEAR（0 = 全部年度）和 STATUSES（默认 在建、完工、运营；加入 谋划/前期 可检验清单草案）筛选。面状项目取其面内点。没有清单类别或没有位置的项目会连同原因列出，绝不悄悄丢弃。

输出：单元及各类别实施前后的覆盖比例（cb_Q01/ca_Q01，%）、实施前后的十全/十美达标数、是否达到目标、新增覆盖的居民和得到改善的类别；项目及其各自单独新增覆盖的居民，以及按清单顺序（按项目编号排序，各项之和等于总增量）计入的新增覆盖，没有新增覆盖任何人的项目标为“与现有服务重叠”；居民点及其在有变化的类别上实施前后的距离。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="64"/>
        <source>The annual project list layer: points or polygons with project_id, category, status, year.</source>
        <translation>年度项目实施清单图层：点或面，带 project_id、category、status、year。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="65"/>
        <source>Project id field</source>
        <translation>项目编号字段</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="66"/>
        <source>Project category field</source>
        <translation>项目类别字段</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="67"/>
        <source>Project status field</source>
        <translation>项目状态字段</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="68"/>
        <source>Project year field</source>
        <translation>项目年度字段</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="71"/>
        <source>Field of the project list (the LifeCircle schema's name is the default).</source>
        <translation>项目清单中的字段（默认为 LifeCircle 清单结构中的字段名）。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="73"/>
        <source>Year (0 = all years)</source>
        <translation>年度（0 = 全部年度）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="74"/>
        <source>Only projects of this year count.</source>
        <translation>只统计该年度的项目。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="76"/>
        <source>Statuses to count (comma separated)</source>
        <translation>计入的项目状态（逗号分隔）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="77"/>
        <source>Projects with these statuses count: 在建, 完工, 运营 by default; add 谋划, 前期 to test a draft list.</source>
        <translation>统计这些状态的项目：默认为 在建、完工、运营；加入 谋划、前期 可检验清单草案。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="79"/>
        <source>Units: coverage before and after</source>
        <translation>单元：实施前后的覆盖</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="81"/>
        <source>Projects: residents newly covered</source>
        <translation>项目：新增覆盖的居民</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="84"/>
        <source>Residents: distances before and after</source>
        <translation>居民点：实施前后的距离</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="86"/>
        <source>Projects counted</source>
        <translation>计入的项目数</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="87"/>
        <source>Projects covering nobody new</source>
        <translation>未新增覆盖任何人的项目数</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="88"/>
        <source>Residents newly covered (any category)</source>
        <translation>新增覆盖的居民数（任一类别）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="89"/>
        <source>Units meeting the 十全 target before</source>
        <translation>实施前达到十全目标的单元数</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="90"/>
        <source>Units meeting the 十全 target after</source>
        <translation>实施后达到十全目标的单元数</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="100"/>
        <source>projects</source>
        <translation>项目</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="114"/>
        <source>Layer '{}': no project of year {} with status {} — nothing to assess. Check YEAR and STATUSES.</source>
        <translation>图层“{}”：没有年度为 {}、状态为 {} 的项目 —— 无可评估。请检查 YEAR 和 STATUSES。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="115"/>
        <source>(any)</source>
        <translation>（任意）</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="119"/>
        <source>{} project(s) selected from '{}' (year {}, statuses {}).</source>
        <translation>从“{1}”中选出 {0} 个项目（年度 {2}，状态 {3}）。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="120"/>
        <source>any</source>
        <translation>任意</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="130"/>
        <source>{} selected project(s) cannot be counted (no category or location): {}</source>
        <translation>{} 个所选项目无法计入（没有类别或位置）：{}</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="134"/>
        <source>{} project(s) cover nobody new (与现有服务重叠): {}</source>
        <translation>{} 个项目没有新增覆盖任何人（与现有服务重叠）：{}</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="137"/>
        <source>Residents newly covered in at least one category: {:,.0f}. Units meeting the 十全 target: {} before, {} after.</source>
        <translation>至少在一个类别上新增覆盖的居民：{:,.0f}。达到十全目标的单元：实施前 {} 个，实施后 {} 个。</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="243"/>
        <source>a year that is not a year</source>
        <translation>年度不是年份</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="245"/>
        <source>a status that is not one of 谋划/前期/在建/完工/运营/取消</source>
        <translation>状态不属于 谋划/前期/在建/完工/运营/取消</translation>
    </message>
    <message>
        <location filename="../processing/project_impact.py" line="248"/>
        <source>Layer '{}': {} project(s) left out, with {} in '{}': {}</source>
        <translation>图层“{}”：{} 个项目未计入，因为{}（字段“{}”）：{}</translation>
    </message>
    <message>
        <location filename="../processing/provider.py" line="31"/>
        <source>LifeCircle — 15-minute community life circle (15分钟社区生活圈)</source>
        <translation>LifeCircle — 15分钟社区生活圈</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="39"/>
        <source>Maximal covering (MCLP): P new sites covering the most residents</source>
        <translation>最大覆盖（MCLP）：新增 P 处设施，覆盖尽可能多的居民</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="40"/>
        <source>Set covering (LSCP): fewest sites to reach the target share</source>
        <translation>集合覆盖（LSCP）：以最少的设施达到目标覆盖率</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="41"/>
        <source>p-median: P sites with the least population-weighted walking distance</source>
        <translation>P 中值：P 处设施，人口加权步行距离最小</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="44"/>
        <source>Automatic: exact when the model fits the budget, else greedy</source>
        <translation>自动：模型规模在限度内时精确求解，否则用贪心算法</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="45"/>
        <source>Exact (mixed-integer programming, HiGHS)</source>
        <translation>精确求解（混合整数规划，HiGHS）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="46"/>
        <source>Greedy (+ local search)</source>
        <translation>贪心算法（+ 局部搜索）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="52"/>
        <source>Siting recommendations (选址)</source>
        <translation>选址推荐</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="56"/>
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
        <location filename="../processing/siting.py" line="106"/>
        <source>Candidate sites</source>
        <translation>候选点</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="107"/>
        <source>Where a facility could go: points or polygons (their point on surface is used), e.g. the potential-space output or idle parcels.</source>
        <translation>可以设置设施的位置：点或面（取其面内点），例如潜力空间的输出或闲置地块。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="110"/>
        <source>Candidate id field</source>
        <translation>候选点编号字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="112"/>
        <source>Names each candidate in the outputs; with a cost matrix, the ids its destination column uses. Default: the feature id.</source>
        <translation>在输出中为每个候选点命名；使用成本矩阵时，即其目的地列所用的编号。默认：要素 ID。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="115"/>
        <source>Residents (demand)</source>
        <translation>居民（需求）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="116"/>
        <source>Resident points (buildings, address points) or polygons, with population.</source>
        <translation>居民点（建筑、门牌地址点）或面，带人口数。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="121"/>
        <source>Resident id field</source>
        <translation>居民编号字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="122"/>
        <source>Names each resident point in the allocation; with a cost matrix, the ids its origin column uses. Default: the feature id.</source>
        <translation>在分配结果中为每个居民点命名；使用成本矩阵时，即其起点列所用的编号。默认：要素 ID。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="125"/>
        <source>Existing facilities of the category</source>
        <translation>该类别的现有设施</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="126"/>
        <source>Facilities that already serve the category: residents within the threshold of one count as covered (MCLP/LSCP); for p-median they stay open.</source>
        <translation>已提供该类别服务的设施：在其阈值内的居民视为已覆盖（MCLP/LSCP）；P 中值中这些设施保持开放。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="129"/>
        <source>Existing facilities' category field</source>
        <translation>现有设施的类别字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="131"/>
        <source>With CATEGORY: only existing facilities of that category are used (values are mapped as in facility coverage: checklist codes, AMap types, OSM tags).</source>
        <translation>与 CATEGORY 一起使用：只采用该类别的现有设施（取值的映射方式与设施服务覆盖相同：清单代码、高德类型、OSM 标签）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="134"/>
        <source>Existing facility id field</source>
        <translation>现有设施编号字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="136"/>
        <source>With a cost matrix: the ids its destination column uses for existing facilities. Default: feature id.</source>
        <translation>使用成本矩阵时：其目的地列中现有设施所用的编号。默认：要素 ID。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="140"/>
        <source>…or a cost matrix (table: origin_id, destination_id, cost)</source>
        <translation>…或成本矩阵（表：origin_id、destination_id、cost）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="142"/>
        <source>Instead of a network: one row per resident → candidate (or existing facility) pair with its walking distance in metres, e.g. an OD matrix exported from QNEAT3 or ORS Tools. Pairs missing from the table cannot reach each other.</source>
        <translation>代替步行网络：每行为一个居民 → 候选点（或现有设施）的配对及其步行距离（米），例如从 QNEAT3 或 ORS Tools 导出的 OD 矩阵。表中没有的配对视为互不可达。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="145"/>
        <source>Cost matrix: origin (resident id) field</source>
        <translation>成本矩阵：起点（居民编号）字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="146"/>
        <source>Cost matrix: destination (site id) field</source>
        <translation>成本矩阵：目的地（选址点编号）字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="148"/>
        <source>Cost matrix: cost (metres) field</source>
        <translation>成本矩阵：成本（米）字段</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="151"/>
        <source>Column of the cost matrix.</source>
        <translation>成本矩阵中的列。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="153"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="154"/>
        <source>What to optimise.</source>
        <translation>优化目标。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="156"/>
        <source>Number of new sites (P)</source>
        <translation>新增设施数（P）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="157"/>
        <source>MCLP and p-median: how many sites to choose.</source>
        <translation>MCLP 和 P 中值：要选出的设施数。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="159"/>
        <source>Target share of residents covered (%) — LSCP</source>
        <translation>居民覆盖率目标（%）—— LSCP</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="161"/>
        <source>LSCP: the share of all residents to bring within the threshold (existing facilities included).</source>
        <translation>LSCP：要使阈值内居民达到的总体比例（含现有设施）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="163"/>
        <source>Maximum walking distance (m) — p-median, 0 = none</source>
        <translation>最大步行距离（米）—— P 中值，0 = 不限</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="165"/>
        <source>p-median: residents are only assigned within this distance (those beyond every site are counted as unserved). 0: no limit.</source>
        <translation>P 中值：居民只在此距离内分配（超出所有设施此距离的居民计为未服务）。0：不限。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="168"/>
        <source>Facility category (checklist code, e.g. Q05)</source>
        <translation>设施类别（清单代码，如 Q05）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="169"/>
        <source>The checklist category the sites are for: its threshold is the default THRESHOLD, and it selects the existing facilities when their category field is given.</source>
        <translation>选址所针对的清单类别：其阈值为 THRESHOLD 的默认值；提供了现有设施的类别字段时，还用它筛选现有设施。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="173"/>
        <source>Where the category's threshold comes from.</source>
        <translation>类别阈值所依据的配置标准。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="175"/>
        <source>Your own profile (CSV)</source>
        <translation>自定义配置标准（CSV）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="178"/>
        <source>Coverage threshold (m), 0 = the category's</source>
        <translation>覆盖阈值（米），0 = 采用类别阈值</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="180"/>
        <source>Walking distance within which a resident counts as covered by a site.</source>
        <translation>居民视为被某设施覆盖的步行距离。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="182"/>
        <source>Solver</source>
        <translation>求解器</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="183"/>
        <source>Exact proves the optimum (or reports the gap when the time limit ends it); greedy is fast.</source>
        <translation>精确求解可证明最优（或在达到时间上限时报告差距）；贪心算法速度快。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="185"/>
        <source>Time limit (s)</source>
        <translation>时间上限（秒）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="186"/>
        <source>The exact solver stops after this long with the best solution found and its gap.</source>
        <translation>精确求解器在此时间后停止，给出已找到的最优解及其差距。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="188"/>
        <source>Recommended sites</source>
        <translation>推荐选址</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="190"/>
        <source>Allocation (resident → site)</source>
        <translation>分配（居民 → 设施）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="192"/>
        <source>Objective</source>
        <translation>目标值</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="192"/>
        <source>Covered share before (%)</source>
        <translation>选址前覆盖比例（%）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="193"/>
        <source>Covered share after (%)</source>
        <translation>选址后覆盖比例（%）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="193"/>
        <source>Optimality gap (%)</source>
        <translation>最优性差距（%）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="194"/>
        <source>Solve time (s)</source>
        <translation>求解用时（秒）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="194"/>
        <source>Sites chosen</source>
        <translation>入选设施数</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="196"/>
        <source>Solver used</source>
        <translation>所用求解器</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="197"/>
        <source>Summary (JSON)</source>
        <translation>汇总（JSON）</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="234"/>
        <source>Threshold {:g} m: {} {} in profile {}.</source>
        <translation>阈值 {0:g} 米：配置标准 {3} 中的 {1} {2}。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="238"/>
        <source>Give a THRESHOLD in metres or a CATEGORY (e.g. Q05) whose threshold the profile holds: the covering models need to know what distance counts as covered.</source>
        <translation>请提供以米为单位的 THRESHOLD，或配置标准中有阈值的 CATEGORY（如 Q05）：覆盖模型需要知道多远的距离算作覆盖。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="246"/>
        <source>Give either a walking NETWORK or a COST_MATRIX table (one of the two): distances come from one of them.</source>
        <translation>请提供步行网络 NETWORK 或成本矩阵 COST_MATRIX（二选一）：距离取自其中之一。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="251"/>
        <source>candidates</source>
        <translation>候选点</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="256"/>
        <source>existing facilities</source>
        <translation>现有设施</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="284"/>
        <source>Layer '{}': {} of {} facilities are of category {} and count as existing.</source>
        <translation>图层“{0}”：{2} 个设施中有 {1} 个属于类别 {3}，作为现有设施。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="289"/>
        <source>An existing facilities' category field was given without CATEGORY: every existing facility is used.</source>
        <translation>提供了现有设施的类别字段但没有指定 CATEGORY：使用全部现有设施。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="325"/>
        <source>Layer '{}' / '{}': {}</source>
        <translation>图层“{}” / “{}”：{}</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="373"/>
        <source>Layer '{}': {} candidate site(s) lie farther than the snap tolerance ({:g} m) from any walkable street, or have no geometry, so nobody could walk to them (feature ids {}). Remove them from the candidates or raise SNAP_TOLERANCE.</source>
        <translation>图层“{}”：{} 个候选点距任何可步行街道都超过捕捉容差（{:g} 米），或没有几何，无人能步行到达（要素 ID {}）。请把它们从候选点中移除，或调大 SNAP_TOLERANCE。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="379"/>
        <source>Layer '{}': {} resident point(s) are farther than the snap tolerance from any walkable street and count as out of reach (feature ids {}).</source>
        <translation>图层“{}”：{} 个居民点距任何可步行街道都超过捕捉容差，记为不可达（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="388"/>
        <source>Layer '{}': {} existing facilities are farther than the snap tolerance from any walkable street and serve nobody (feature ids {}).</source>
        <translation>图层“{}”：{} 个现有设施距任何可步行街道都超过捕捉容差，不服务任何居民（要素 ID {}）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="396"/>
        <source>{:,} resident–candidate pairs within {} m.</source>
        <translation>{:,} 对居民–候选点配对在 {} 米以内。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="407"/>
        <source>cost matrix</source>
        <translation>成本矩阵</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="414"/>
        <source>Cost matrix '{}' has no column {} (columns: {}).</source>
        <translation>成本矩阵“{}”没有列 {}（现有列：{}）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="418"/>
        <source>No {} given: the cost matrix ids are matched against feature ids.</source>
        <translation>未提供 {}：成本矩阵中的编号按要素 ID 匹配。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="444"/>
        <source>Cost matrix '{}': {:,} rows, {:,} resident–candidate pairs, {:,} resident–existing pairs.</source>
        <translation>成本矩阵“{}”：{:,} 行，{:,} 对居民–候选点配对，{:,} 对居民–现有设施配对。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="475"/>
        <source>Model: {}; solver: {}; {:.2f} s.</source>
        <translation>模型：{}；求解器：{}；用时 {:.2f} 秒。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="480"/>
        <source>  Reduction: {:,} resident points → {:,} still to cover → {:,} distinct coverage sets; {:,} candidates → {:,} (dominated ones removed).</source>
        <translation>  约简：{:,} 个居民点 → {:,} 个仍待覆盖 → {:,} 个不同的覆盖集合；{:,} 个候选点 → {:,} 个（已移除被占优者）。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="485"/>
        <source>Objective ({}): {:,.1f}; best bound: {}; optimality gap: {}.</source>
        <translation>目标值（{}）：{:,.1f}；最优界：{}；最优性差距：{}。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="488"/>
        <source>Residents within {:g} m: before {:,.0f} ({:.1%}), after {:,.0f} ({:.1%}) of {:,.0f}; {:,.0f} out of reach of every candidate and existing facility.</source>
        <translation>{:g} 米内的居民：选址前 {:,.0f}（{:.1%}），选址后 {:,.0f}（{:.1%}），共 {:,.0f}；{:,.0f} 人不在任何候选点和现有设施的可达范围内。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="493"/>
        <source>Population-weighted distance {:,.0f} m (mean {:,.0f} m per resident served); {:,.0f} residents beyond reach of every open site.</source>
        <translation>人口加权距离 {:,.0f} 米（每位被服务居民平均 {:,.0f} 米）；{:,.0f} 名居民不在任何开放设施的可达范围内。</translation>
    </message>
    <message>
        <location filename="../processing/siting.py" line="500"/>
        <source>  #{} {}: +{:,.0f} residents newly covered, {:,.0f} cumulative.</source>
        <translation>  #{} {}：新增覆盖 {:,.0f} 名居民，累计 {:,.0f}。</translation>
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
