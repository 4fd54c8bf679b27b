"""A synthetic bilingual site for the benchmark: the real site plus N generated news items per language."""
from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIRST_DAY = dt.date(2000, 1, 3)   # one item a day from here: 5,000 days end in 2013, before any build date

FR = {
    "subjects": ["Le service de sécurité intérieure", "L'attaché de sécurité intérieure", "La police roumaine",
                 "La gendarmerie nationale", "L'officier de liaison", "Le ministère de l'Intérieur",
                 "L'Inspectorat général de la police", "La coopération franco-roumaine", "L'équipe commune d'enquête",
                 "Le réseau de sécurité intérieure", "La direction de la coopération internationale",
                 "Le parquet de Bucarest", "Une délégation française", "Le commissaire divisionnaire"],
    "verbs": ["a présenté", "a renforcé", "coordonne", "soutient", "a organisé", "prépare", "évalue",
              "accompagne", "a signé", "développe", "facilite", "suit de près", "a accueilli", "finance"],
    "objects": ["un séminaire sur la criminalité organisée", "les échanges d'informations opérationnelles",
                "la formation des enquêteurs spécialisés", "la lutte contre la traite des êtres humains",
                "un accord de coopération technique", "l'exécution des mandats d'arrêt européens",
                "la sécurité des grands événements", "la prévention de la délinquance itinérante",
                "les enquêtes sur le trafic de stupéfiants", "la protection des ressortissants français",
                "une mission d'expertise à Cluj-Napoca", "le contrôle des frontières extérieures",
                "la cybercriminalité et la fraude en ligne", "le démantèlement d'un réseau de passeurs"],
    "endings": ["en lien étroit avec l'ambassade", "à Bucarest et à Iași", "au cours de l'année écoulée",
                "avec le concours de l'Union européenne", "dans le cadre du partenariat stratégique",
                "pour la deuxième année consécutive", "selon un calendrier précis", "à la demande des autorités"],
    "questions": ["Quels résultats pour cette coopération?", "Pourquoi ce dispositif est-il efficace?",
                  "Qui sont les interlocuteurs?"],
    "quotes": ["« Cette coopération est exemplaire », a déclaré le préfet.",
               "« Nous travaillons main dans la main; c'est essentiel », souligne l'attaché."],
    "headings": ["Contexte", "Les objectifs du projet", "Déroulement de la mission", "Résultats obtenus",
                 "Prochaines étapes", "Les partenaires", "Chiffres clés", "Une coopération durable"],
    "list_items": ["la formation continue des officiers", "l'échange de bonnes pratiques", "l'appui logistique",
                   "la coordination avec Europol", "le suivi des dossiers sensibles", "l'analyse des risques",
                   "les visites d'étude en France", "la mise à jour des procédures"],
    "title_words": ["Coopération", "Séminaire", "Mission", "Formation", "Accord", "Réunion", "Visite",
                    "Opération", "Conférence", "Échange"],
    "title_topics": ["sur la criminalité organisée", "à Bucarest", "des enquêteurs", "contre la traite",
                     "sur la sécurité routière", "à Timișoara", "avec la gendarmerie", "sur la cybersécurité"],
    "see": "Voir aussi", "service": "la page du service", "more": "le site du ministère",
}
RO = {
    "subjects": ["Serviciul de securitate internă", "Atașatul de securitate internă", "Poliția Română",
                 "Jandarmeria Română", "Ofițerul de legătură", "Ministerul Afacerilor Interne",
                 "Inspectoratul General al Poliției Române", "Cooperarea franco-română", "Echipa comună de anchetă",
                 "Rețeaua de securitate internă", "Direcția de cooperare internațională",
                 "Parchetul de pe lângă Tribunalul București", "O delegație franceză", "Comisarul-șef"],
    "verbs": ["a prezentat", "a consolidat", "coordonează", "sprijină", "a organizat", "pregătește", "evaluează",
              "însoțește", "a semnat", "dezvoltă", "facilitează", "urmărește îndeaproape", "a găzduit", "finanțează"],
    "objects": ["un seminar privind criminalitatea organizată", "schimbul de informații operative",
                "formarea anchetatorilor specializați", "combaterea traficului de persoane",
                "un acord de cooperare tehnică", "executarea mandatelor europene de arestare",
                "securitatea marilor evenimente", "prevenirea infracționalității itinerante",
                "anchetele privind traficul de droguri", "protecția cetățenilor francezi",
                "o misiune de expertiză la Cluj-Napoca", "controlul frontierelor externe",
                "criminalitatea informatică și frauda online", "destructurarea unei rețele de călăuze"],
    "endings": ["în strânsă legătură cu ambasada", "la București și la Iași", "în cursul anului trecut",
                "cu sprijinul Uniunii Europene", "în cadrul parteneriatului strategic",
                "pentru al doilea an consecutiv", "după un calendar precis", "la cererea autorităților"],
    "questions": ["Ce rezultate are această cooperare?", "De ce este eficient acest dispozitiv?",
                  "Cine sunt interlocutorii?"],
    "quotes": ["„Această cooperare este exemplară”, a declarat prefectul.",
               "„Lucrăm mână în mână; este esențial”, subliniază atașatul."],
    "headings": ["Context", "Obiectivele proiectului", "Desfășurarea misiunii", "Rezultate obținute",
                 "Etapele următoare", "Partenerii", "Cifre-cheie", "O cooperare durabilă"],
    "list_items": ["formarea continuă a ofițerilor", "schimbul de bune practici", "sprijinul logistic",
                   "coordonarea cu Europol", "urmărirea dosarelor sensibile", "analiza riscurilor",
                   "vizitele de studiu în Franța", "actualizarea procedurilor"],
    "title_words": ["Cooperare", "Seminar", "Misiune", "Formare", "Acord", "Reuniune", "Vizită",
                    "Operațiune", "Conferință", "Schimb"],
    "title_topics": ["privind criminalitatea organizată", "la București", "pentru anchetatori",
                     "împotriva traficului", "privind siguranța rutieră", "la Timișoara", "cu jandarmeria",
                     "privind securitatea cibernetică"],
    "see": "Vezi și", "service": "pagina serviciului", "more": "site-ul ministerului",
}
WORDS = {"fr": FR, "ro": RO}
SITE_PARTS = ("site_config.yaml", "content", "templates")


def sentence(rng: random.Random, words: dict) -> str:
    text = f"{rng.choice(words['subjects'])} {rng.choice(words['verbs'])} {rng.choice(words['objects'])}"
    if rng.random() < 0.6:
        text += f" {rng.choice(words['endings'])}"
    return text + "."


def paragraph(rng: random.Random, words: dict, sentences: int) -> str:
    parts = [sentence(rng, words) for _ in range(sentences)]
    if rng.random() < 0.3:
        parts.insert(rng.randrange(len(parts)), rng.choice(words["questions"]))
    if rng.random() < 0.3:
        parts.append(rng.choice(words["quotes"]))
    text = " ".join(parts)
    if rng.random() < 0.4:  # some emphasis, as editors write it
        first, _, rest = text.partition(" ")
        text = f"**{first}** {rest}"
    return text


def body(rng: random.Random, lang: str, index: int, stems: list[str]) -> str:
    """300-600 words: paragraphs, two or three headings, a list, internal and external links. French is
    written as the house style asks (no space before ; : ! ?, the site adds the no-break space)."""
    words = WORDS[lang]
    target = rng.randint(300, 600)
    blocks: list[str] = []
    count = 0
    headings = rng.sample(words["headings"], 3)
    while count < target:
        if blocks and len(blocks) % 3 == 0 and headings:
            blocks.append(f"## {headings.pop()}")
        if rng.random() < 0.25:
            items = rng.sample(words["list_items"], rng.randint(3, 5))
            blocks.append("\n".join(f"- {item};" for item in items))
        text = paragraph(rng, words, rng.randint(3, 6))
        blocks.append(text)
        count += len(text.split())
    other = stems[(index * 7 + 3) % len(stems)]
    blocks.append(f"{words['see']}: [{other}]({other}.{lang}.md), [{words['service']}](../pages/index.{lang}.md)"
                  f" et [{words['more']}](https://www.interieur.gouv.fr/)." if lang == "fr" else
                  f"{words['see']}: [{other}]({other}.{lang}.md), [{words['service']}](../pages/index.{lang}.md)"
                  f" și [{words['more']}](https://www.interieur.gouv.fr/).")
    return "\n\n".join(blocks) + "\n"


def news_file(rng: random.Random, lang: str, index: int, stem: str, stems: list[str]) -> str:
    words = WORDS[lang]
    title = f"{rng.choice(words['title_words'])} {rng.choice(words['title_topics'])} ({index + 1})"
    summary = paragraph(rng, words, 1).replace("**", "")
    slug = f"\nslug: stire-{index + 1}" if lang == "ro" else ""
    date = stem[:10]
    summary = summary.replace('"', "")
    return (f'---\ntitle: "{title}"\ndate: {date}{slug}\nsummary: "{summary}"\n---\n\n'
            + body(rng, lang, index, stems))


def copy_site(target: Path) -> Path:
    """The real site's inputs (config, content, templates) copied below `target` (the tests' site too)."""
    target.mkdir(parents=True, exist_ok=True)
    for part in SITE_PARTS:
        source = REPO / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    return target


def make_site(target: Path, news_per_language: int, seed: int = 2016) -> Path:
    """The real config, pages, data, strings, files and templates, and N generated news items per language.

    The folder gets a copy of build.py and a symbolic link to the repository's sitegen/, so that
    `python build.py build` there runs the real generator on the synthetic site.
    """
    copy_site(target)
    shutil.copy2(REPO / "build.py", target / "build.py")
    os.symlink(REPO / "sitegen", target / "sitegen")
    news = target / "content" / "news"
    generated = max(0, news_per_language - len(list(news.glob("*.fr.md"))))
    stems = [f"{FIRST_DAY + dt.timedelta(days=i)}-actualite-{i + 1}" for i in range(generated)]
    rng = random.Random(seed)
    for index, stem in enumerate(stems):
        for lang in ("fr", "ro"):
            (news / f"{stem}.{lang}.md").write_text(news_file(rng, lang, index, stem, stems), "utf-8")
    # Every translation recorded, as on a real site: a build then tracks them (translations.lock).
    subprocess.run([sys.executable, "build.py", "translation", "done", "--all"], cwd=target, check=True,
                   stdout=subprocess.DEVNULL)
    return target


def edit_one_news(site: Path, round_number: int) -> Path:
    """Change one sentence of one generated news item (a different text each round)."""
    path = sorted((site / "content" / "news").glob("*-actualite-1.fr.md"))[0]
    text = path.read_text("utf-8")
    marker = "Modification de relecture"
    kept = text.split(f"\n\n{marker}")[0].rstrip("\n")
    path.write_text(f"{kept}\n\n{marker} numéro {round_number}.\n", "utf-8")
    return path
