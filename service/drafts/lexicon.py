"""The words the rules know: what names an organisation's kind, a title, a role, a generic actor, a place's
kind, and how a text reports what it says. General English and ACLED usage, never one article's words."""

from __future__ import annotations


def words(text: str) -> list[str]:
    """The words of a list written as text, white space apart (the lists below read as prose)."""
    return text.split()


def _phrases(text: str) -> list[str]:
    return [phrase.strip() for phrase in text.split("|") if phrase.strip()]


ORGANISATION_HEADS: dict[str, str] = {
    **dict.fromkeys(
        words(
            """army front brigade brigades battalion battalions militia militias legion mujahideen taliban shabab jihad
        guerrillas rebels insurgents fighters cartel gang"""
        ),
        "armed_group",
    ),
    **dict.fromkeys(["alliance", "coalition", "axis"], "coalition"),
    **dict.fromkeys(
        words("""party congress movement opposition bloc league council union caucus"""), "political_organization"
    ),
    **dict.fromkeys(
        words("""ministry government cabinet parliament presidency senate assembly administration kremlin"""),
        "government",
    ),
    **dict.fromkeys(
        words("""police gendarmerie military navy guard guards corps forces force marines command rifles"""),
        "state_forces",
    ),
    **dict.fromkeys(
        words(
            """news agency times post herald guardian telegraph television tv radio press broadcasting channel tribune
        gazette journal daily star"""
        ),
        "media_organization",
    ),
    **dict.fromkeys(
        words(
            """authority organisation organization association foundation institute university society committee
        federation programme program fund bank company corporation group observatory crescent cross watch
        international commission board service department office court tribunal church mission centre center
        hospital agency trust network forum"""
        ),
        "organization",
    ),
}
"""The last (or first, before 'of') word of an organisation's name → its kind (Free Syrian Army, Nusra Front)."""
STATE_HEADS = frozenset(words("""army police military navy forces force guard guards gendarmerie marines"""))
"""Heads that name a state's forces when only a country qualifies them (the Syrian Army, Kenyan police)."""
POLITICAL_QUALIFIERS = frozenset(["national", "opposition", "democratic", "revolutionary", "transitional", "popular"])
"""A coalition or council so qualified is a political body, not an armed alliance (National Coalition)."""

WELL_KNOWN: dict[str, tuple[str, tuple[str, ...]]] = {
    "United Nations": ("organization", ("UN", "U.N.")),
    "European Union": ("organization", ("EU",)),
    "African Union": ("organization", ("AU",)),
    "Nato": ("organization", ("NATO",)),
    "International Committee of the Red Cross": ("organization", ("ICRC",)),
    "Red Crescent": ("organization", ()),
    "Amnesty International": ("organization", ()),
    "Human Rights Watch": ("organization", ("HRW",)),
    "Doctors Without Borders": ("organization", ("MSF", "Medecins Sans Frontieres")),
    "World Health Organization": ("organization", ("WHO",)),
    "Unicef": ("organization", ("UNICEF",)),
    "UNHCR": ("organization", ()),
    "Reuters": ("media_organization", ()),
    "Associated Press": ("media_organization", ("AP",)),
    "AFP": ("media_organization", ("Agence France-Presse",)),
    "BBC": ("media_organization", ()),
    "CNN": ("media_organization", ()),
    "Al Jazeera": ("media_organization", ("Al-Jazeera",)),
    "al-Qaeda": ("armed_group", ("al Qaeda", "Al-Qaeda", "Al Qaeda", "al-Qaida")),
    "Islamic State": ("armed_group", ("IS", "ISIS", "Isis", "ISIL", "Isil", "Daesh")),
    "Taliban": ("armed_group", ()),
    "al-Shabab": ("armed_group", ("al-Shabaab", "Al-Shabab", "Al-Shabaab")),
    "Boko Haram": ("armed_group", ()),
    "Hamas": ("armed_group", ()),
    "Hezbollah": ("armed_group", ("Hizbollah",)),
    "Houthis": ("armed_group", ("Houthi", "Ansar Allah")),
    "Wagner Group": ("armed_group", ("Wagner",)),
    "Tatmadaw": ("state_forces", ()),
    "Clan del Golfo": ("armed_group", ("Gulf Clan", "Gaitanista Army of Colombia")),
    "Revolutionary Armed Forces of Colombia": ("armed_group", ("FARC",)),
    "Economic Community of West African States": ("organization", ("Ecowas", "ECOWAS")),
    "National Liberation Army": ("armed_group", ("ELN",)),
    "Jama'at Nusrat al-Islam wal-Muslimin": (
        "armed_group",
        ("JNIM", "Jamaat Nusrat al-Islam wal-Muslimin", "Group for the Support of Islam and Muslims"),
    ),
    "Islamic State West Africa Province": ("armed_group", ("ISWAP",)),
    "Islamic State Khorasan Province": ("armed_group", ("ISKP", "IS-K", "ISIS-K")),
    "Tehreek-e-Taliban Pakistan": ("armed_group", ("TTP", "Pakistani Taliban")),
    "Hayat Tahrir al-Sham": ("armed_group", ("HTS",)),
    "March 23 Movement": ("armed_group", ("M23",)),
    "Allied Democratic Forces": ("armed_group", ("ADF",)),
    "Rapid Support Forces": ("armed_group", ("RSF",)),
    "Mara Salvatrucha": ("armed_group", ("MS-13",)),
    "Barrio 18": ("armed_group", ("18th Street gang", "Calle 18")),
    "Jalisco New Generation Cartel": ("armed_group", ("CJNG",)),
    "Sinaloa Cartel": ("armed_group", ()),
}
"""Actors the press names without saying what they are: name → (kind, other names)."""

TITLES = frozenset(
    words(
        """president vice-president premier minister chancellor king queen prince princess emir sheikh imam
        ayatollah pope bishop archbishop cardinal general gen gen. colonel col col. major maj maj. captain capt
        capt. lieutenant lt lt. sergeant sgt sgt. commander admiral marshal brigadier senator sen sen.
        representative rep rep. governor gov gov. mayor judge justice prosecutor dr dr. doctor mr mr. mrs mrs.
        ms ms. professor prof prof. secretary ambassador envoy chief director chairman chairwoman"""
    )
)
"""Words before a person's name that say what they are (President X, Gen. X, Interior Minister X)."""
TITLE_QUALIFIERS = frozenset(
    words(
        """prime foreign interior defence defense finance justice health deputy vice acting former first army
        attorney chief"""
    )
)
"""Words a title keeps before it: Prime Minister, Foreign Minister, Deputy Governor, Attorney General."""
ROLE_NOUNS = frozenset(
    words(
        """spokesman spokeswoman spokesperson commander leader chief head director minister president governor
        mayor general colonel officer official commissioner administrator engineer doctor nurse correspondent
        reporter journalist editor
        activist analyst researcher professor chairman chairwoman secretary ambassador envoy senator lawmaker
        member founder executive manager resident witness prosecutor judge coordinator adviser advisor
        representative negotiator mediator lawyer surgeon pilot teacher student worker farmer driver owner
        inspector superintendent deputy captain sergeant lieutenant soldier fighter militant cleric imam priest
        bishop prefect source candidate chair headman"""
    )
)
"""Nouns that state a person's role ('the authority's chief engineer, Imogen Tarrant')."""
ROLE_RELATIONS = {
    **dict.fromkeys(("spokesman", "spokeswoman", "spokesperson"), "spokesperson_for"),
    **dict.fromkeys(("leader", "head", "chief", "president", "chairman", "chairwoman", "founder"), "leader_of"),
    **dict.fromkeys(("commander",), "leader_of"),
    **dict.fromkeys(("member", "fighter", "militant", "soldier"), "member_of"),
}
"""A role's relation to the organisation it is held in; any other role is works_for."""

GENERIC_ACTORS: dict[str, str] = {
    **dict.fromkeys(
        _phrases(
            """government forces|government troops|government soldiers|regime forces|security forces|state forces
        |troops|soldiers|the army|the military|police|policemen|police officers|riot police|border guards
        |special forces|army troops|military forces|armed forces|national guard|pro-government forces
        |pro-government militia|pro-government militias|soldier|police officer|policeman|forces|army
        |the junta|junta|military junta|the military government|military government|military regime
        |gendarmerie|the gendarmerie|gendarmes|peacekeepers|riot police officers|coast guard|the coast guard
        |prison guards|prison officers|customs officers|immigration officers|security personnel|security agents
        |security operatives|intelligence agents|traffic police|rangers|paramilitary rangers|border rangers
        |the navy|navy|the air force|air force|warplanes|fighter jets|military aircraft|helicopter gunships"""
        ),
        "state_forces",
    ),
    **dict.fromkeys(
        _phrases(
            """gunmen|gunman|militants|militant|rebels|rebel|insurgents|insurgent|fighters|jihadists|jihadist
        |militiamen|militia|militias|armed men|armed groups|armed group|rebel groups|rebel group|rebel forces
        |rebel factions|rebel fighters|extremists|attackers|attacker|assailants|bandits|kidnappers|suicide bomber
        |bombers|armed assailants|unidentified gunmen|unknown gunmen|unidentified armed men|gang members|gangs
        |gang|cartel|cartels|hitmen|paramilitaries|guerrillas|guerrilla fighters|dissidents|armed dissidents
        |smugglers|pirates|separatists|abductors|opposition forces|opposition fighters|rebel soldiers
        |insurgent forces|jihadist fighters|vigilantes|vigilante groups|vigilante group|self-defence groups
        |self-defense groups|clan militias|clan militia|tribal fighters|looters|poachers|armed herders
        |men in military uniform|men in uniform|masked men|unknown men|unidentified men|armed men in uniform
        |unidentified individuals|unknown individuals|unidentified assailants|unknown assailants|raiders
        |cattle raiders|armed raiders"""
        ),
        "armed_group",
    ),
    **dict.fromkeys(
        _phrases(
            """civilians|civilian|residents|villagers|protesters|protester|protestors|demonstrators|activists
        |students|farmers|herders|workers|children|women|worshippers|passengers|refugees|displaced people
        |migrants|locals|inhabitants|shoppers|pupils|teachers|medics|aid workers|detainees|prisoners|hostages
        |mourners|pilgrims|rioters|mob|crowd|crowds|journalists|doctors|patients|fishermen|miners|traders
        |villager|resident|farmer|herder|supporters|opposition supporters|youths|young people|shopkeepers
        |witnesses|eyewitnesses|inmates|strikers|relatives|families of the victims|bystanders|a group of men
        |a group of young men|young men
        |merchants|vendors|street vendors|drivers|truck drivers|taxi drivers|commuters|motorists|voters
        |nurses|labourers|laborers|employees|tenants|squatters|parents|families|survivors|victims|bystanders
        |tourists|evacuees|displaced families|health workers|factory workers|dock workers|garment workers
        |health worker|aid worker|motorcyclists|pedestrians|churchgoers|worshippers|schoolchildren|fishers
        |herdsmen|nomads|the displaced|displaced people|returnees|truck drivers|suspected thieves|thieves
        |foreigners|foreign nationals|immigrants|asylum seekers|citizens|travellers|travelers|bus passengers
        |the wounded|the injured|abductees|captives|congregants|worshipers|market traders|shop owners
        |business owners|peasants|settlers|ranchers|artisanal miners|gold miners|loggers|hunters|schoolgirls
        |schoolboys|university students|lecturers|paramedics|rescue workers|rescuers|volunteers|relief workers
        |spectators|onlookers|wedding guests|neighbours|neighbors|homeowners|street children|widows
        |women and children|bus drivers|lorry drivers|minibus drivers|moto-taxi drivers|crew members|sailors
        |muslims|christians|hindus|buddhists|sikhs|yazidis|elders|youth leaders|community leaders
        |traditional leaders|tribal elders|clan elders|organisers|organizers"""
        ),
        "civilians",
    ),
    **dict.fromkeys(
        _phrases(
            """the government|the authorities|authorities|officials|the regime|the administration|the cabinet
        |the ministry|local authorities|government officials|government|prosecutors|lawmakers|legislators
        |ministry|administration|cabinet|the presidency|presidency|parliament|the parliament|the senate
        |the national assembly|electoral commission|election commission|election officials|electoral officials
        |city council|municipality|the municipality|council officials|governor's office|the governor's office
        |prosecutor's office|the prosecutor's office|attorney general's office|the attorney general's office
        |ombudsman's office|the ombudsman's office|the ombudsman|ombudsman|president's office|the president's office
        |mayor's office|the mayor's office|the lower house|the upper house|lower house|upper house|delegation
        |government delegation|peace delegation|chamber of deputies|house of representatives|national assembly
        |constituent assembly|local council|district council"""
        ),
        "government",
    ),
    **dict.fromkeys(
        _phrases("""coalition|the coalition|coalition forces|coalition warplanes|coalition jets"""), "coalition"
    ),
    **dict.fromkeys(
        _phrases(
            """local media|state media|state television|state-run media|local media outlets|state radio
            |local television|local radio|state broadcaster|local newspaper|local press|community radio"""
        ),
        "media_organization",
    ),
    **dict.fromkeys(
        _phrases(
            """aid groups|aid group|aid agencies|aid agency|humanitarian organisations|humanitarian organizations
        |humanitarian groups|humanitarian agencies|rights groups|rights group|human rights groups|relief agencies
        |relief groups|charities|non-governmental organisations|non-governmental organizations|relief group
        |rescue group|rescue groups|local relief group|local rescue group|monitoring group|unions|trade unions
        |labour unions|labor unions|drivers' unions|transport unions|student union|students' union
        |teachers' union|residents' groups|residents' association"""
        ),
        "organization",
    ),
    **dict.fromkeys(
        _phrases(
            """the opposition|opposition parties|opposition party|the ruling party|ruling party|opposition leaders
        |opposition lawmakers|opposition politicians"""
        ),
        "political_organization",
    ),
}
"""The generic actors ACLED users code ('government forces', 'gunmen', 'protesters', 'civilians') → kind."""
ACTOR_MODIFIERS = frozenset(
    words(
        """other rival local armed unidentified unknown suspected alleged opposition islamist jihadist pro-
        government anti-government government rebel security military police allied foreign masked suspect
        provincial state federal regional county district municipal city national central interim transitional
        interior defence defense health finance education justice information home energy agriculture"""
    )
)
"""Words before a generic actor that its name keeps ('other rebel groups', 'unidentified gunmen'), a
government's level and a ministry's portfolio among them ('the provincial government', 'the interior ministry')."""
STATE_AGENCY_HEADS = frozenset(
    words("""authority commission department agency office service board bureau directorate inspectorate court""")
)
"""An organisation's words that make it a state's body where a country qualifies it (National Disaster Management
Authority, US State Department, Election Commission of Pakistan)."""
STATE_QUALIFIERS = frozenset(words("""national federal state central presidential supreme constitutional electoral"""))
"""Qualifiers that say a body is a state's (with STATE_AGENCY_HEADS)."""
NOUNS_AFTER_ACTOR = frozenset(
    words(
        """commander commanders chief chiefs station stations headquarters base bases checkpoint checkpoints
        officer officers spokesman spokeswoman spokesperson vehicle vehicles convoy convoys positions position
        post posts camp camps leader leaders source sources stronghold strongholds territory territories held
        controlled custody official officials leadership unit units brigade ranks"""
    )
)
"""A word after a generic actor's that makes it say something else ('rebel commander', 'police station')."""
POSSESSING_PEOPLE = frozenset(words("""people women workers martyrs patriots nation children"""))
"""Possessed words that begin an organisation's name: the People's Defence Force, the Women's Protection Units."""
GROUP_NOUNS = frozenset(
    words(
        """militants fighters forces rebels insurgents militiamen gunmen separatists guerrillas herders farmers
        villagers tribesmen youths protesters"""
    )
)
"""After a people's name, what its members are: 'Kuki militants', 'Fulani herders' name a group of that people."""
PEOPLE_MEMBERS = frozenset(
    words(
        """women men muslims christians hindus buddhists sikhs yazidis refugees migrants pilgrims worshippers people
        minority community communities"""
    )
)
"""After a people's name, its civilians: 'Kuki-Zo women', 'Rohingya Muslims' (not a place's: 'Aleppo residents')."""
MEMBER_NOUNS = frozenset(words("""fighters gunmen militants members forces troops soldiers units militiamen"""))
"""After a named group, its members: 'Isis fighters' is Isis acting."""

PLACE_KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("province", "provinces", "governorate", "governorates", "state", "states"), "province"),
    **dict.fromkeys(("oblast", "oblasts"), "province"),
    **dict.fromkeys(("region", "regions", "county", "counties", "prefecture", "department"), "region"),
    **dict.fromkeys(("district", "districts", "neighbourhood", "neighbourhoods", "neighborhood"), "district"),
    **dict.fromkeys(("neighborhoods", "quarter", "quarters", "suburb", "suburbs"), "district"),
    **dict.fromkeys(("city", "cities", "capital"), "city"),
    **dict.fromkeys(("town", "towns", "port"), "town"),
    **dict.fromkeys(("village", "villages", "hamlet"), "village"),
    **dict.fromkeys(("camp", "area", "areas", "valley", "plain", "mountains", "coast", "sector", "sectors"), "area"),
    **dict.fromkeys(("island", "islands"), "area"),
}
"""Words that say what kind of place a name is ('the town of X', 'X province', 'the Aleppo village of X')."""
DIVISION_WORDS = frozenset(
    (
        "province",
        "provinces",
        "governorate",
        "governorates",
        "state",
        "states",
        "oblast",
        "oblasts",
        "region",
        "regions",
        "sector",
        "sectors",
        "department",
    )
)
"""After a name, a division named after a town, not the town: 'Idlib province', 'Borno State', 'the Mopti region'."""
DIRECTIONS = frozenset(
    words(
        """northern southern eastern western central north-eastern north-western south-eastern south-western
        northeastern northwestern southeastern southwestern north-east north-west south-east south-west"""
    )
)
PLACE_PREPOSITIONS = frozenset(words("""in near at from outside around across into towards toward through of"""))

DOING_VERBS = frozenset(
    words(
        """lost fled died survived arrived returned escaped visited met resigned testified recalled wept lives lived
        worked vanished disappeared recovered lost"""
    )
)
"""After two capitalised words, what people do and groups or places rarely do ('Maria Santos lost her house')."""
OF_PEOPLE = frozenset(
    words(
        """killing death murder assassination arrest detention release abduction kidnapping disappearance funeral
        wife husband son daughter mother father brother sister family lawyer widow body"""
    )
)
"""Before 'of' and a name, words about a person ('the killing of Luis Herrera', 'the lawyer of Jan Novak')."""

SPEECH_VERBS = frozenset(
    words(
        """said says say told tells added adds explained stated warned warns claimed claims denied denies confirmed
        confirms reported reports wrote writes tweeted announced announces insisted insists argued argues noted
        notes alleged alleges accused accuses urged urges called calls"""
    )
)
REPORTING = frozenset(
    words(
        """reportedly reports reported report according allegedly purportedly apparently believed thought suspected"""
    )
)
"""Words that put a statement on others' word: a fact so told is 'reported', not stated."""

SITE_HEADS: dict[str, str] = {
    **dict.fromkeys(words("""village hamlet"""), "village"),
    **dict.fromkeys(words("""district neighbourhood neighborhood suburb slum township"""), "district"),
    **dict.fromkeys(
        words(
            """villages hamlets neighbourhoods neighborhoods suburbs slums market markets marketplace bazaar
            checkpoint checkpoints roadblock roadblocks station stations outpost outposts base bases camp camps
            barracks garrison prison prisons jail penitentiary hospital hospitals clinic clinics school schools
            university campus mosque mosques church churches temple monastery shrine cemetery stadium square
            street streets avenue road roads highway motorway junction roundabout bridge port harbour airport
            airstrip airbase mine mines quarry oilfield fields farm farms farmland plantation forest forests bush
            jungle hills depot warehouse warehouses factory plant refinery pipeline compound building buildings
            headquarters office offices parliament palace residence embassy consulate courthouse hall hotel
            restaurant nightclub shop shops mall bank home homes house houses shelter settlement settlements
            assembly outskirts centre center downtown area areas post posts site sites facility facilities
            installation installations complex block blocks apartment apartments hut huts gate entrance yard
            courtyard wing pavilion terminal rank stop park plaza intersection crossroads riverbank dam canal
            valley hill ridge mountain mountains desert beach coast zone corridor estate tower substation pier
            dock jetty tunnel pharmacy supermarket pitch hideout hideouts position positions orchard orchards
            river island islands border frontier"""
        ),
        "area",
    ),
}
"""The common nouns of the places where things happen that no gazetteer names ('a police checkpoint', 'farms
outside Oicha', 'the road to Afgooye'): ACLED codes the nearest named place, at a lower precision, and a reader
wants the site itself. One village is a village; several, or any other site, an area."""
SITE_NEEDS_A_MODIFIER = frozenset(
    words(
        """station stations plant field fields hall building buildings office offices centre center area areas post
        posts site sites complex block blocks wing rank stop zone corridor estate tower yard park gate entrance
        pitch position positions"""
    )
)
"""Site nouns that say a place only with a word before them ('a police station', 'a gas field', 'the city
hall'): bare, they are mostly something else ('a radio station', 'in the field')."""
SITE_MODIFIERS = frozenset(
    words(
        """police army military government border security district provincial city town village local main busy
        central new old nearby residential crowded open-air bus railway polling power fuel gas oil petrol weekly
        cattle refugee displacement displaced private public state federal presidential parliament parliamentary
        opposition party family former"""
    )
)
"""Words before a site's noun that name its sort, though the rules read them elsewhere as common words."""
SITE_DETERMINERS = frozenset(
    words("""a an the its his her their this that these those one two three four five several some another""")
)
SITE_QUANTITIES = frozenset(words("""dozens hundreds scores tens several number handful"""))
"""'dozens of villages': how many sites, before 'of'."""
SITE_PREPOSITIONS = frozenset(
    words(
        """at in on near outside inside into towards toward to around from across along behind through onto
        beside opposite off past within via"""
    )
)
SITE_VERBS = frozenset(
    words(
        """hit hits struck strikes stormed storm storms raided raid raids attacked attack attacks shelled shell
        bombed bomb looted loot torched torch burned burnt burn blocked block blocks occupied occupy overran
        seized seize captured capture surrounded surround stoned targeted target targeting besieged entered
        reached ransacked vandalised vandalized destroyed damaged demolished evacuated cleared guarded ringed
        rammed fled blocking storming raiding attacking shelling bombing looting torching burning occupying
        surrounding targeting besieging flooded flooding"""
    )
)
"""Verbs whose object is where the event is ('stormed a police station', 'looted a warehouse')."""
SITE_PASSIVE = frozenset(words("""was were had has been"""))
