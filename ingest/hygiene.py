"""Sentences that address the reader's AI assistant rather than a person ("ignore previous instructions",
"系统提示：…", "忽略以上所有指令"). They stay in the stored text, are flagged at ingest and are never quoted as
evidence: a document may say anything, but it does not get to speak in the answer's voice."""

from __future__ import annotations

import re

from text.script import search_form

# Matched on the search form (Simplified, half-width, lower case), so Traditional and full-width forms count.
_PATTERNS = [
    # English
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.!?]{0,40}?\b(?:instructions?|prompts?|directions|directives"
    r"|guidelines|rules|context|messages?)\b",
    r"\bsystem (?:prompt|message|instructions?)\b",
    r"\b(?:new|updated|real|actual|hidden) instructions?\s*:",
    r"^\s*(?:system|assistant|developer)\s*:",
    r"<\|(?:im_start|system|assistant)\|>|\[/?inst\]|<</?sys>>",
    r"\byou are now (?:an? )?(?:ai|assistant|chatbot|bot|language model|dan|gpt|unrestricted|jailbroken"
    r"|free from|no longer)\b|\byou are now in (?:developer|dan|god|jailbreak) mode\b",
    r"\bfrom now on,? you (?:are|will|must|should|shall)\b",
    r"^(?:please )?(?:act as|pretend (?:to be|you are)|roleplay as)\b|\b(?:now|please) act as\b",
    r"\b(?:do not|don't|never) (?:tell|reveal|mention|disclose)\b[^.!?]{0,30}\b(?:user|reader|human)\b",
    r"\b(?:ai|assistants?|chatbots?|language models?|llms?)\b[^.!?]{0,30}\b(?:must|should|shall|need to|have to)"
    r" (?:answer|respond|reply|say|tell|ignore|state|claim)\b",
    # Chinese
    r"^(?:请)?(?:忽略|无视|不要理会|抛开)(?:掉)?(?:以上|上面|上述|之前|前面|先前|此前|所有|一切|你)",
    r"(?:忽略|无视|忘记|忘掉|不要理会|抛开)[^。!?]{0,8}?(?:指令|指示|提示|设定|规则|限制|约束|系统)",
    r"系统(?:提示|指令|消息|设定)\s*(?:词|:)",
    r"你现在是|从现在(?:开始|起),?你|你(?:现在)?(?:将|要)?扮演|扮演(?:一个|一名)?(?:ai|助手|机器人|人工智能)|假装你是"
    r"|你的新(?:任务|指令|身份)",
    r"(?:作为|身为)(?:一个|一名)?(?:ai|人工智能|语言模型|助手|聊天机器人),?你",
    r"(?:ai|人工智能|助手|机器人|语言模型)(?:必须|应该|应当|需要|只能)(?:回答|回复|输出|声称|说)",
    r"不要(?:告诉|透露给?|提醒)(?:用户|读者|提问者)",
]
_ADDRESSES_ASSISTANT = re.compile("|".join(f"(?:{p})" for p in _PATTERNS), re.M)


def addresses_assistant(sentence: str) -> bool:
    """True for a sentence written to steer an AI reading the document, not to inform a person."""
    return bool(_ADDRESSES_ASSISTANT.search(search_form(sentence.strip())))


def assistant_sentences(sentences: list[str]) -> list[str]:
    return [s for s in sentences if addresses_assistant(s)]
