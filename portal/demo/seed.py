"""The seed briefing of 6 March 2025 that presented the project, in Russian as published and translated.

The Russian text is the source article paragraph by paragraph (without the site's cookie banner, time,
view counter and comments line); the three formats of the project became subsection headings.
The Kazakh and English versions translate it.
"""

import datetime
from zoneinfo import ZoneInfo

SLUG = "predstavlen-proekt-karta-obshchestvennogo-kontrolya"
HELD_AT = datetime.datetime(2025, 3, 6, 11, 0, tzinfo=ZoneInfo("Asia/Almaty"))

DEPARTMENT = {
    "ru": "Департамент по делам государственной службы и противодействию коррупции по Акмолинской области",
    "kk": (
        "Ақмола облысы бойынша мемлекеттік қызмет істері және сыбайлас жемқорлыққа қарсы іс-қимыл "
        "департаменті"
    ),
    "en": "Department for Civil Service Affairs and Anti-Corruption of Akmola Region",
}

SEED = {
    "ru": {
        "title": "Представлен проект «Карта общественного контроля»",
        "venue": "Региональная служба коммуникаций Акмолинской области",
        "lead": (
            "6 марта т.г. на площадке Региональной службы коммуникаций Акмолинской области состоялся "
            "брифинг с участием заместителя руководителя Департамента по делам государственной службы "
            "и противодействию коррупции по Акмолинской области Р. Братаевой и председателя ОО «Наше "
            "право», члена специальной мониторинговой группы В. Шуль."
        ),
        "listing_summary": (
            "Проект обратной связи с населением в трёх форматах: социальные сети и телефон, приложение "
            "Qamqor и карта мониторинговых групп."
        ),
        "participants": [
            ("Райхан Братаева", "заместитель руководителя департамента", DEPARTMENT["ru"]),
            (
                "Владислав Шуль",
                "председатель ОО «Наше право», член специальной мониторинговой группы",
                "ОО «Наше право»",
            ),
        ],
        "tags": ["Карта общественного контроля", "брифинг", "этика"],
        "cover": {
            "kicker": "Брифинг · 6 марта 2025",
            "description": (
                "Обложка брифинга: на тёмно-бирюзовом фоне с жёлтыми кругами белыми буквами написано "
                "«Представлен проект «Карта общественного контроля»»."
            ),
        },
        "body": """
Участникам брифинга был представлен проект «Карта общественного контроля», суть которого состоит
в обеспечении обратной связи с населением.

## Три формата проекта

По словам Райхан Братаевой, на основе имеющихся возможностей и ресурсов реализацию проекта
предлагается осуществить в трех самостоятельных форматах:

### Первое – использование социальных сетей и телефонной связи

Ожидается, что реализация проекта посредством социальных сетей даст мощный импульс раскрытию ранее
неизвестных латентных форм нарушений закона и минимизации коррупционных деяний.

### Второе – внедрение мобильного приложения Qamqor для граждан

Посредством приложения любой гражданин имеет возможность отправить обращение с вложением фото о любом
факте правонарушения без привязки к компетентному органу.

### Третье – карта общественного контроля, сформированная на основе сети региональных мониторинговых групп

Предлагаемый формат карты общественного контроля через сеть мониторинговых групп должен, прежде всего,
повысить их роль в регионах, сельских округах.

Кроме того, планируется внедрение проекта «Карта общественного контроля по объекту», которая будет
содержать проблемные вопросы каждого региона и информацию по их разрешению. К числу таких проблемных
вопросов могут быть отнесены незаконные действия госслужащих при предоставлении госуслуг.

[map] Карта общественного контроля: сеть мониторинговых групп
| Условная карта с жёлтыми метками объектов, которые посещают мониторинговые группы; внизу подпись
«Карта общественного контроля: сеть мониторинговых групп».
| Карта общественного контроля строится на основе сети региональных мониторинговых групп

## Специальная мониторинговая группа

В своем выступлении руководитель ОО «Наше право», член СМГ Владислав Шуль рассказал о деятельности
специальной мониторинговой группы, призванного оценивать ход реализации антикоррупционной политики
государства в области, состоящий из представителей институтов гражданского общества, бизнеса,
государственных органов и СМИ.

> С начала года СМГ осуществлены выезды в районы области, в ходе которых посещены государственные
> органы, оказывающие государственные услуги, ЦОНы, предприятия и организации оказывающие коммунальные
> услуги. По итогам посещения мониторинговой группой внесены конкретные рекомендации по вопросам
> улучшения качества оказания госуслуг, создания коммунальными службами комфортных условий для
> получателей услуг. До конца текущего года мы планируем посетить все регионы области.
— Владислав Шуль | председатель ОО «Наше право», член специальной мониторинговой группы

## Карманный этический кодекс «Этика и нормы государственного служащего»

Также был презентован карманный этический кодекс «Этика и нормы государственного служащего»,
разработанный Академией государственного управления при Президенте РК. Он служит своего рода пособием
для руководства госслужащим при возникновении вопросов этического характера. Это вопросы поведения
госслужащих во внерабочее время, в служебных отношениях, правильного позиционирования себя в социальных
сетях, во время публичных выступлений в СМИ и при различных ситуациях, связанных с конфликтом интересов.
Для удобства и большей доступности все рекомендации в памятке изложены в упрощенной форме.
""",
    },
    "kk": {
        "title": "«Қоғамдық бақылау картасы» жобасы таныстырылды",
        "venue": "Ақмола облысының өңірлік коммуникациялар қызметі",
        "lead": (
            "6 наурызда Ақмола облысының өңірлік коммуникациялар қызметінің алаңында Ақмола облысы бойынша "
            "мемлекеттік қызмет істері және сыбайлас жемқорлыққа қарсы іс-қимыл департаменті басшысының "
            "орынбасары Р. Братаева мен «Наше право» қоғамдық бірлестігінің төрағасы, арнайы "
            "мониторингтік топтың мүшесі В. Шульдің қатысуымен брифинг өтті."
        ),
        "listing_summary": (
            "Халықпен кері байланыс жобасы үш форматта: әлеуметтік желілер мен телефон, Qamqor қосымшасы "
            "және мониторингтік топтардың картасы."
        ),
        "participants": [
            ("Райхан Братаева", "департамент басшысының орынбасары", DEPARTMENT["kk"]),
            (
                "Владислав Шуль",
                "«Наше право» қоғамдық бірлестігінің төрағасы, арнайы мониторингтік топтың мүшесі",
                "«Наше право» қоғамдық бірлестігі",
            ),
        ],
        "tags": ["Қоғамдық бақылау картасы", "брифинг", "әдеп"],
        "cover": {
            "kicker": "Брифинг · 2025 жылғы 6 наурыз",
            "description": (
                "Брифинг мұқабасы: сары шеңберлері бар қою көгілдір түсті фонда ақ әріптермен брифингтің "
                "тақырыбы жазылған: «Қоғамдық бақылау картасы» жобасы таныстырылды."
            ),
        },
        "body": """
Брифинг қатысушыларына «Қоғамдық бақылау картасы» жобасы таныстырылды. Оның мәні – халықпен кері
байланысты қамтамасыз ету.

## Жобаның үш форматы

Райхан Братаеваның айтуынша, қолда бар мүмкіндіктер мен ресурстар негізінде жобаны үш дербес форматта
іске асыру ұсынылады:

### Бірінші – әлеуметтік желілер мен телефон байланысын пайдалану

Жобаны әлеуметтік желілер арқылы іске асыру бұрын белгісіз болған заң бұзушылықтардың жасырын
(латентті) түрлерін анықтауға және сыбайлас жемқорлық әрекеттерін барынша азайтуға қуатты серпін береді
деп күтілуде.

### Екінші – азаматтарға арналған Qamqor мобильді қосымшасын енгізу

Қосымша арқылы кез келген азамат кез келген құқық бұзушылық фактісі туралы фотосурет тіркелген өтінішті
құзыретті органды көрсетпей-ақ жібере алады.

### Үшінші – өңірлік мониторингтік топтар желісі негізінде құрылған қоғамдық бақылау картасы

Мониторингтік топтар желісі арқылы жүргізілетін қоғамдық бақылау картасының ұсынылып отырған форматы,
ең алдымен, олардың өңірлердегі, ауылдық округтердегі рөлін арттыруға тиіс.

Сонымен қатар «Нысан бойынша қоғамдық бақылау картасы» жобасын енгізу жоспарлануда. Онда әр өңірдің
проблемалық мәселелері және оларды шешу туралы ақпарат қамтылатын болады. Мұндай проблемалық
мәселелердің қатарына мемлекеттік қызметтер көрсету кезіндегі мемлекеттік қызметшілердің заңсыз
әрекеттері жатқызылуы мүмкін.

[map] Қоғамдық бақылау картасы: мониторингтік топтар желісі
| Мониторингтік топтар баратын нысандар сары белгілермен белгіленген шартты карта; төменгі жағында
«Қоғамдық бақылау картасы: мониторингтік топтар желісі» деген жазу бар.
| Қоғамдық бақылау картасы өңірлік мониторингтік топтар желісі негізінде құрылады

## Арнайы мониторингтік топ

Өз сөзінде «Наше право» қоғамдық бірлестігінің басшысы, арнайы мониторингтік топтың мүшесі Владислав
Шуль облыста мемлекеттің сыбайлас жемқорлыққа қарсы саясатының іске асырылу барысын бағалауға арналған
арнайы мониторингтік топтың қызметі туралы айтып берді. Топтың құрамына азаматтық қоғам
институттарының, бизнестің, мемлекеттік органдар мен БАҚ-тың өкілдері кіреді.

> Жыл басынан бері арнайы мониторингтік топ облыстың аудандарына шығып, мемлекеттік қызмет көрсететін
> мемлекеттік органдарда, халыққа қызмет көрсету орталықтарында, коммуналдық қызмет көрсететін
> кәсіпорындар мен ұйымдарда болды. Сапарлардың қорытындысы бойынша мониторингтік топ мемлекеттік
> қызметтер көрсету сапасын жақсарту, коммуналдық қызметтердің қызмет алушыларға жайлы жағдай жасауы
> мәселелері бойынша нақты ұсынымдар енгізді. Ағымдағы жылдың соңына дейін облыстың барлық өңірлерін
> аралауды жоспарлап отырмыз.
— Владислав Шуль | «Наше право» қоғамдық бірлестігінің төрағасы, арнайы мониторингтік топтың мүшесі

## «Мемлекеттік қызметшінің әдебі мен нормалары» қалта әдеп кодексі

Сондай-ақ Қазақстан Республикасы Президентінің жанындағы Мемлекеттік басқару академиясы әзірлеген
«Мемлекеттік қызметшінің әдебі мен нормалары» («Этика и нормы государственного служащего») атты қалта
әдеп кодексі таныстырылды. Ол әдеп мәселелері туындаған кезде мемлекеттік қызметшілерге бағдар болатын
өзіндік құрал қызметін атқарады. Бұл – мемлекеттік қызметшілердің жұмыстан тыс уақыттағы және қызметтік
қарым-қатынастардағы мінез-құлқы, әлеуметтік желілерде, БАҚ-та көпшілік алдында сөйлегенде өзін дұрыс
көрсетуі, сондай-ақ мүдделер қақтығысына байланысты түрлі жағдайлар туралы мәселелер. Ыңғайлы әрі
қолжетімді болуы үшін жадынамадағы барлық ұсынымдар жеңілдетілген түрде берілген.
""",
    },
    "en": {
        "title": "The “Public Control Map” project presented",
        "venue": "Regional Communications Service of Akmola Region",
        "lead": (
            "On 6 March a briefing was held at the Regional Communications Service of Akmola Region with "
            "R. Bratayeva, Deputy Head of the Department for Civil Service Affairs and Anti-Corruption of "
            "Akmola Region, and V. Shul, Chairman of the NGO “Nashe Pravo” and member of the special "
            "monitoring group."
        ),
        "listing_summary": (
            "A project of feedback with residents in three formats: social networks and telephone, "
            "the Qamqor app and the monitoring groups' map."
        ),
        "participants": [
            ("Raikhan Bratayeva", "Deputy Head of the Department", DEPARTMENT["en"]),
            (
                "Vladislav Shul",
                "Chairman of the NGO “Nashe Pravo”, member of the special monitoring group",
                "NGO “Nashe Pravo”",
            ),
        ],
        "tags": ["Public Control Map", "briefing", "ethics"],
        "cover": {
            "kicker": "Briefing · 6 March 2025",
            "description": (
                "Briefing cover: the title “The ‘Public Control Map’ project presented” in white letters "
                "on a dark teal background with yellow circles."
            ),
        },
        "body": """
The participants of the briefing were presented with the “Public Control Map” project, whose purpose
is to provide feedback with the population.

## Three formats of the project

According to Raikhan Bratayeva, building on the available capabilities and resources, the project is
proposed to be implemented in three independent formats:

### First: social networks and telephone

Implementing the project through social networks is expected to give a powerful impetus to uncovering
previously unknown, latent forms of violations of the law and to minimising corrupt acts.

### Second: the Qamqor mobile app for citizens

Through the app any citizen can send a report, with a photo attached, about any offence, without
having to identify the competent authority.

### Third: a public control map built on the network of regional monitoring groups

The proposed format of a public control map through the network of monitoring groups should, above
all, strengthen their role in the districts and rural okrugs.

In addition, a “Public Control Map by Object” project is planned: it will contain the problems of each
district and information on how they were resolved. Such problems may include unlawful actions of civil
servants in providing public services.

[map] Public Control Map: the network of monitoring groups
| A schematic map with yellow pins on the objects the monitoring groups visit; the caption at the
bottom reads “Public Control Map: the network of monitoring groups”.
| The public control map is built on the network of regional monitoring groups

## The special monitoring group

In his speech Vladislav Shul, head of the NGO “Nashe Pravo” and member of the special monitoring
group, described the work of the group, which assesses how the state's anti-corruption policy is
implemented in the region and is made up of representatives of civil society, business, government
bodies and the media.

> Since the beginning of the year the special monitoring group has travelled to the districts of the
> region and visited government bodies that provide public services, public service centres, and
> enterprises and organisations providing utility services. After these visits the monitoring group
> made specific recommendations on improving the quality of public services and on how utilities can
> create comfortable conditions for the people they serve. By the end of this year we plan to visit
> every district of the region.
— Vladislav Shul | Chairman of the NGO “Nashe Pravo”, member of the special monitoring group

## The pocket ethics code “Ethics and Standards of a Civil Servant”

The pocket ethics code “Ethics and Standards of a Civil Servant” (“Этика и нормы государственного
служащего”), developed by the Academy of Public Administration under the President of the Republic of
Kazakhstan, was also presented. It serves as a handbook that guides civil servants when ethical
questions arise: conduct outside working hours and in official relations, presenting oneself properly
on social networks and in public appearances in the media, and the various situations involving a
conflict of interest. For convenience and wider reach, all the recommendations in the guide are set
out in simplified form.
""",
    },
}
