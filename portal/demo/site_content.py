"""Texts of the demo home pages, the briefing index and the site settings, in Russian, Kazakh and English.

The home page texts follow the seed briefing: the project keeps feedback with residents through three
formats (telephone and social networks, the Qamqor app, the monitoring groups' map).
"""

SITE_NAME = "Карта общественного контроля"
HOME_SLUG = "home"
INDEX_SLUG = "briefings"

HOME = {
    "ru": {
        "title": "Карта общественного контроля",
        "hero_heading": "Карта общественного контроля Акмолинской области",
        "intro": (
            "<p>Проект Департамента по делам государственной службы и противодействию коррупции "
            "по Акмолинской области обеспечивает обратную связь с населением. Сообщите о нарушении, "
            "посмотрите результаты работы мониторинговых групп и узнайте, как решаются проблемные "
            "вопросы.</p>"
        ),
        "seo_title": "Карта общественного контроля Акмолинской области",
        "search_description": (
            "Сообщите о коррупции или нарушении при оказании госуслуг: онлайн, через приложение Qamqor, "
            "по телефону 1424 или в социальных сетях."
        ),
        "channels": [
            (
                "online",
                "Сообщите онлайн",
                "Отправьте обращение с фотографией о любом факте правонарушения через форму на сайте "
                "или мобильное приложение Qamqor. Знать, какой орган компетентен, не нужно: "
                "обращение направим мы.",
            ),
            (
                "phone_social",
                "Позвоните или напишите",
                "Звоните в call-центр 1424 (звонок бесплатный) или пишите в социальные сети "
                "департамента. Сообщения помогают выявлять ранее неизвестные, латентные нарушения закона.",
            ),
            (
                "monitoring",
                "Мониторинговые группы",
                "Сеть региональных специальных мониторинговых групп посещает ЦОНы, акиматы и коммунальные "
                "службы в районах и сельских округах. Карта по объекту показывает проблемные вопросы "
                "каждого объекта и их решение.",
            ),
        ],
    },
    "kk": {
        "title": "Қоғамдық бақылау картасы",
        "hero_heading": "Ақмола облысының қоғамдық бақылау картасы",
        "intro": (
            "<p>Ақмола облысы бойынша мемлекеттік қызмет істері және сыбайлас жемқорлыққа қарсы іс-қимыл "
            "департаментінің жобасы халықпен кері байланысты қамтамасыз етеді. Құқық бұзушылық туралы "
            "хабарлаңыз, мониторингтік топтардың жұмыс нәтижелерімен танысыңыз және проблемалық "
            "мәселелердің қалай шешілетінін біліңіз.</p>"
        ),
        "seo_title": "Ақмола облысының қоғамдық бақылау картасы",
        "search_description": (
            "Сыбайлас жемқорлық немесе мемлекеттік қызмет көрсетудегі бұзушылық туралы онлайн, Qamqor "
            "қосымшасы арқылы, 1424 телефоны бойынша немесе әлеуметтік желілерде хабарлаңыз."
        ),
        "channels": [
            (
                "online",
                "Онлайн хабарлаңыз",
                "Кез келген құқық бұзушылық туралы өтінішті фотосуретімен бірге сайттағы нысан немесе "
                "Qamqor мобильді қосымшасы арқылы жіберіңіз. Қай органның құзыретті екенін білудің "
                "қажеті жоқ: өтінішті тиісті органға өзіміз жолдаймыз.",
            ),
            (
                "phone_social",
                "Қоңырау шалыңыз немесе жазыңыз",
                "1424 call-орталығына қоңырау шалыңыз (қоңырау тегін) немесе департаменттің әлеуметтік "
                "желілеріне жазыңыз. Хабарламалар бұрын белгісіз болған жасырын заң бұзушылықтарды "
                "анықтауға көмектеседі.",
            ),
            (
                "monitoring",
                "Мониторингтік топтар",
                "Өңірлік арнайы мониторингтік топтар желісі аудандар мен ауылдық округтердегі халыққа "
                "қызмет көрсету орталықтарына, әкімдіктерге және коммуналдық қызметтерге барады. Нысан "
                "бойынша карта әр нысанның проблемалық мәселелерін және олардың шешілуін көрсетеді.",
            ),
        ],
    },
    "en": {
        "title": "Public Control Map",
        "hero_heading": "Public Control Map of Akmola Region",
        "intro": (
            "<p>A project of the Department for Civil Service Affairs and Anti-Corruption of Akmola Region "
            "that keeps a feedback channel open to residents. Report an offence, see what the monitoring "
            "groups found and follow how problems are resolved.</p>"
        ),
        "seo_title": "Public Control Map of Akmola Region",
        "search_description": (
            "Report corruption or a breach in public services: online, through the Qamqor app, "
            "by calling 1424 or on social networks."
        ),
        "channels": [
            (
                "online",
                "Report online",
                "Send a report with a photo about any offence through the form on this site or the Qamqor "
                "mobile app. You do not need to know which authority is competent: we forward it for you.",
            ),
            (
                "phone_social",
                "Call or write",
                "Call the 1424 call centre (free of charge) or write to the department on social networks. "
                "Such messages help uncover hidden offences that were previously unknown.",
            ),
            (
                "monitoring",
                "Monitoring groups",
                "A network of regional special monitoring groups visits public service centres, akimats "
                "and utilities in districts and rural okrugs. The map by object shows each object's "
                "problems and how they were resolved.",
            ),
        ],
    },
}

BRIEFING_INDEX = {
    "ru": {
        "title": "Брифинги",
        "intro": (
            "<p>Брифинги департамента: проекты, итоги работы специальных мониторинговых групп, "
            "профилактика коррупции и этика государственной службы.</p>"
        ),
        "listing_summary": (
            "Брифинги Департамента по делам государственной службы и противодействию коррупции."
        ),
    },
    "kk": {
        "title": "Брифингтер",
        "intro": (
            "<p>Департамент брифингтері: жобалар, арнайы мониторингтік топтар жұмысының қорытындылары, "
            "сыбайлас жемқорлықтың алдын алу және мемлекеттік қызмет әдебі.</p>"
        ),
        "listing_summary": (
            "Мемлекеттік қызмет істері және сыбайлас жемқорлыққа қарсы іс-қимыл департаментінің брифингтері."
        ),
    },
    "en": {
        "title": "Briefings",
        "intro": (
            "<p>The department's briefings: projects, results of the special monitoring groups, corruption "
            "prevention and civil service ethics.</p>"
        ),
        "listing_summary": "Briefings of the Department for Civil Service Affairs and Anti-Corruption.",
    },
}

SITE_SETTINGS = {
    "hotline_number": "1424",
    "hotline_note": "Call-центр по вопросам противодействия коррупции (звонок бесплатный)",
    "hotline_note_kk": (
        "Сыбайлас жемқорлыққа қарсы іс-қимыл мәселелері жөніндегі call-орталық (қоңырау тегін)"
    ),
    "hotline_note_en": "Anti-corruption call centre (free of charge)",
    "phone": "+7 7162 25-00-00",
    "email": "akmola@anticorruption.gov.kz",
    "postal_address": "020000, Акмолинская область, г. Кокшетау, ул. Абая, 96",
    "postal_address_kk": "020000, Ақмола облысы, Көкшетау қ., Абай к-сі, 96",
    "postal_address_en": "96 Abai Street, Kokshetau, Akmola Region, 020000, Kazakhstan",
    "working_hours": "Пн–Пт 9:00–18:30, перерыв 13:00–14:30",
    "working_hours_kk": "Дс–Жм 9:00–18:30, түскі үзіліс 13:00–14:30",
    "working_hours_en": "Mon–Fri 9:00–18:30, lunch break 13:00–14:30",
    "instagram_url": "https://www.instagram.com/anticorruption_akmola/",
    "facebook_url": "https://www.facebook.com/anticorruption.akmola",
    "telegram_url": "https://t.me/anticorruption_akmola",
    "vk_url": "https://vk.com/anticorruption_akmola",
    "youtube_url": "https://www.youtube.com/@anticorruption_akmola",
    "app_name": "Qamqor",
    "app_store_url": "https://apps.apple.com/kz/app/qamqor/id1458238549",
    "google_play_url": "https://play.google.com/store/apps/details?id=kz.gov.qamqor",
    # The ethics guide's "ask about ethics" box: the role, not a person, so the demo names no one.
    "ethics_commissioner_name": "Уполномоченный по этике Департамента",
    "ethics_commissioner_name_kk": "Департаменттің әдеп жөніндегі уәкілі",
    "ethics_commissioner_name_en": "The Department's ethics commissioner",
    "ethics_commissioner_position": "консультирует по вопросам служебной этики и конфликта интересов",
    "ethics_commissioner_position_kk": (
        "қызметтік әдеп және мүдделер қақтығысы мәселелері бойынша кеңес береді"
    ),
    "ethics_commissioner_position_en": "advises on ethics at work and conflicts of interest",
    "ethics_commissioner_phone": "+7 7162 25-00-17",
    "ethics_commissioner_email": "ethics.akmola@anticorruption.gov.kz",
    "personal_data_notice": (
        "<p>Отправляя обращение, вы соглашаетесь на сбор и обработку своих персональных данных "
        "в соответствии с Законом Республики Казахстан от 21 мая 2013 года № 94-V «О персональных данных "
        "и их защите». Мы используем их только для рассмотрения обращения и ответа вам, не публикуем "
        "и не передаём посторонним. Сообщить можно и анонимно: тогда мы не сможем ответить лично, "
        "но вы сможете следить за обращением по его коду.</p>"
    ),
    "personal_data_notice_kk": (
        "<p>Өтініш жібере отырып, сіз өзіңіздің дербес деректеріңізді «Дербес деректер және оларды қорғау "
        "туралы» Қазақстан Республикасының 2013 жылғы 21 мамырдағы № 94-V Заңына сәйкес жинауға және "
        "өңдеуге келісім бересіз. Біз оларды тек өтінішті қарау және сізге жауап беру үшін пайдаланамыз, "
        "жарияламаймыз және бөгде адамдарға бермейміз. Өтінішті жасырын түрде де жіберуге болады: бұл "
        "жағдайда біз сізге жеке жауап бере алмаймыз, бірақ өтініштің барысын оның коды арқылы "
        "қадағалай аласыз.</p>"
    ),
    "personal_data_notice_en": (
        "<p>By sending a report you consent to the collection and processing of your personal data under "
        "Law of the Republic of Kazakhstan No. 94-V of 21 May 2013 “On Personal Data and Their "
        "Protection”. We use them only to consider your report and to reply to you; we do not publish "
        "them or pass them to anyone else. You may also report anonymously: we will then be unable to "
        "reply to you personally, but you can follow your report by its code.</p>"
    ),
}
