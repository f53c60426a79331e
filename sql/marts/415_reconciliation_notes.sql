-- intermediate: read by reconciliation (materialised) at build time; no page reads it
-- reconciliation_notes: a short note, for the 検算 page, on each check whose printed figure the
-- documents' own figures do not reproduce exactly (verdict 端数差 or 不一致): what differs and, as far
-- as the document tells, why. month NULL = every month of that year's checks of the figure. A note is
-- shown only beside a check that is not 一致; tests/data/test_reconciliation.py holds every such check
-- to a note and every note to such a check.
CREATE VIEW reconciliation_notes AS
SELECT family::VARCHAR AS family, dataset::VARCHAR AS dataset, metric::VARCHAR AS metric,
       fiscal_year::INTEGER AS fiscal_year, month::INTEGER AS month, basis::VARCHAR AS basis, note::VARCHAR AS note
FROM (VALUES
    -- 002 協会けんぽ群馬支部 令和6年度 事業計画の進捗
    ('平均', 'gunma_cash_benefits', '平均所要日数', 2024, NULL, '年度',
     '計欄の6.30日は、12か月の単純平均（6.245日）とも件数による加重平均（6.247日）とも合いません。令和5年度の計（6.36日）は単純平均と一致します。'),
    ('平均', 'gunma_overtime', '超過勤務時間（平均）', 2024, NULL, '年度',
     '平均は分未満を切り捨てて印字されています（12か月の平均は2時間27.6分）。'),
    ('比率', 'gunma_checkup_kpi', '生活習慣病予防健診受診率', 2024, NULL, '年度',
     '実績の率は、表に印字された対象者数（目標件数の算出に使う数）で割った値ではありません。実績の分母は資料に印字がありません。'),
    ('比率', 'gunma_checkup_kpi', '事業者健診データ取得率', 2024, NULL, '年度',
     '実績の率は、表に印字された対象者数（目標件数の算出に使う数）で割った値ではありません。実績の分母は資料に印字がありません。'),
    ('比率', 'gunma_checkup_kpi', '被扶養者の特定健診受診率', 2024, NULL, '年度',
     '実績の率は、表に印字された対象者数（目標件数の算出に使う数）で割った値ではありません。実績の分母は資料に印字がありません。'),
    ('比率', 'gunma_health_guidance_kpi', '被保険者の特定保健指導の実施率', 2024, NULL, '年度',
     '実績の率は、表に印字された対象者数（目標件数の算出に使う数）で割った値ではありません。実績の分母は資料に印字がありません。'),
    ('比率', 'gunma_health_guidance_kpi', '被扶養者の特定保健指導の実施率', 2024, NULL, '年度',
     '実績の率は、表に印字された対象者数（目標件数の算出に使う数）で割った値ではありません。実績の分母は資料に印字がありません。'),
    ('累計', 'gunma_health_declaration', '健康宣言事業所数', 2023, NULL, '時点',
     '令和5年度の6月・11月・12月は、単月の宣言事業所数と月末の事業所数の増減が合いません（資料に説明はありません）。令和6年度は全月一致します。'),
    ('累計', 'gunma_health_insurance_committee', '健康保険委員の委嘱事業所数', 2023, NULL, '時点',
     '令和5年度は、単月の委嘱数と委嘱事業所数の前月末からの増減が5月・7月を除いて合いません（資料に説明はありません）。'),
    ('累計', 'gunma_health_insurance_committee', '健康保険委員の委嘱事業所数', 2024, 7, '時点',
     '7月の単月の委嘱数は△19ですが、委嘱事業所数は6月末4,649から7月末4,652へ3増えています。令和6年度のほかの月は一致します。'),
    ('累計', 'gunma_mail_magazine', 'メールマガジン登録件数', 2024, 3, '時点',
     '2月末3,777件＋3月の新規登録28件＝3,805件ですが、3月末は3,795件と印字されています（差10件）。4月～2月は一致します。'),
    ('合計', 'gunma_status_summary', '評価件数 合計（20件）', 2024, NULL, '年度',
     '集計表は「合計（20件）」と印字していますが、KPI再掲の列の評価記号は合わせて12件です。'),
    -- 003 協会けんぽ 令和5年度 事業報告書（案）概要版
    ('合計', 'national_enrolment', '加入者数', NULL, NULL, '時点',
     '被保険者数＋被扶養者数と加入者数が1千人ずれます。千人未満の端数処理によるもので、丸めの範囲内です。'),
    ('増減率', 'national_enrolment', '任意継続被保険者数 前年度対比の増減率', NULL, NULL, '時点',
     '人数が千人単位に丸めて印字されているため、印字の人数から計算した率は印字の率と丸めの範囲内でずれます。'),
    ('合計', 'national_monthly_members', '新規加入者数', 2023, NULL, '単月',
     '被保険者数＋被扶養者数と合計行が0.1万人ずれます。万人未満の端数処理によるもので、丸めの範囲内です。'),
    ('合計', 'national_monthly_members', '資格喪失者数', 2023, NULL, '単月',
     '被保険者数＋被扶養者数と合計行が0.1万人ずれます。万人未満の端数処理によるもので、丸めの範囲内です。'),
    ('合計', 'national_monthly_members', '新規加入者数', 2023, NULL, '年度',
     '被保険者数の計538.3万人＋被扶養者数の計265.7万人＝804.0万人に対し、計は803.9万人と印字されています（端数処理）。'),
    ('年度計', 'national_monthly_members', '新規加入者数', 2023, NULL, '年度',
     '12か月の合計（804.0万人）と印字された計（803.9万人）が0.1万人ずれます。万人未満の端数処理によるもので、丸めの範囲内です。'),
    ('年度計', 'national_monthly_members', '新規加入者数 被保険者数', 2023, NULL, '年度',
     '12か月の合計（538.4万人）と印字された計（538.3万人）が0.1万人ずれます。万人未満の端数処理によるもので、丸めの範囲内です。'),
    ('年度計', 'national_monthly_members', '新規加入者数 被扶養者数', 2023, NULL, '年度',
     '12か月の合計（265.6万人）と印字された計（265.7万人）が0.1万人ずれます。万人未満の端数処理によるもので、丸めの範囲内です。'),
    ('年度計', 'national_monthly_members', '資格喪失者数 被保険者数', 2023, NULL, '年度',
     '12か月の合計（497.0万人）と印字された計（497.1万人）が0.1万人ずれます。万人未満の端数処理によるもので、丸めの範囲内です。'),
    ('比率', 'national_single_bid_table', '一者応札割合', 2023, NULL, '年度',
     '68件÷692件＝9.83%で、四捨五入すると9.8%ですが、9.9%と印字されています（本文・KPI表も9.9%）。'),
    -- 004 協会けんぽ三重支部 令和7年度 事業計画
    ('合計', 'mie_budget_r7', '保健事業予算 見込額', 2025, NULL, '年度',
     '4事業の予算額の合計は50,610千円で、印字の50,697千円と87千円違います。特別枠（4,616千円）を加えると55,226千円で、やはり合いません。「他（健康ポスターコンクール）」は金額の印字がありません。')
) AS t(family, dataset, metric, fiscal_year, month, basis, note);
