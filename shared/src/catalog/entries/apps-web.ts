import type { AppEntryInput } from '../schema.js';

interface WebSpec {
  readonly id: string;
  readonly name: string;
  readonly vendor: string;
  readonly homepage: string;
  readonly domains: readonly string[];
  readonly titles?: readonly string[];
  readonly risk?: string;
}

const DEFAULT_RISK = 'Web AI service: anything pasted or uploaded leaves the organization under the user\'s own account terms.';

/** A web app: its own address is the source of its domains; the tab title carries its name. */
function web(spec: WebSpec): AppEntryInput {
  return {
    id: spec.id,
    name: spec.name,
    vendor: spec.vendor,
    kind: 'web_app',
    risk: spec.risk ?? DEFAULT_RISK,
    homepage: spec.homepage,
    signals: [
      {
        source: spec.homepage,
        ...(spec.domains.length > 0 ? { domains: [...spec.domains] } : {}),
        ...(spec.titles ? { titles: [...spec.titles] } : {}),
      },
    ],
  };
}

/** Web AI apps that users reach in a browser, with the site names their tab titles show. */
export const WEB_APPS: readonly AppEntryInput[] = [
  web({ id: 'chatgpt', name: 'ChatGPT', vendor: 'OpenAI', homepage: 'https://chatgpt.com/', domains: ['chatgpt.com', 'chat.openai.com'], titles: ['ChatGPT'] }),
  web({ id: 'sora', name: 'Sora', vendor: 'OpenAI', homepage: 'https://sora.com/', domains: ['sora.com', 'sora.chatgpt.com'], titles: ['Sora'] }),
  web({ id: 'claude', name: 'Claude', vendor: 'Anthropic', homepage: 'https://claude.ai/', domains: ['claude.ai'], titles: ['Claude'] }),
  web({ id: 'gemini', name: 'Gemini', vendor: 'Google', homepage: 'https://gemini.google.com/', domains: ['gemini.google.com', 'bard.google.com', 'gemini.google'], titles: ['Gemini', 'Google Gemini'] }),
  web({ id: 'google-ai-studio', name: 'Google AI Studio', vendor: 'Google', homepage: 'https://aistudio.google.com/', domains: ['aistudio.google.com', 'makersuite.google.com'], titles: ['Google AI Studio'] }),
  web({ id: 'notebooklm', name: 'NotebookLM', vendor: 'Google', homepage: 'https://notebooklm.google.com/', domains: ['notebooklm.google.com', 'notebooklm.google'], titles: ['NotebookLM'] }),
  web({ id: 'microsoft-copilot', name: 'Microsoft Copilot', vendor: 'Microsoft', homepage: 'https://copilot.microsoft.com/', domains: ['copilot.microsoft.com', 'copilot.cloud.microsoft', 'm365copilot.com'], titles: ['Microsoft Copilot', 'Copilot', 'Microsoft 365 Copilot'] }),
  web({ id: 'perplexity', name: 'Perplexity', vendor: 'Perplexity', homepage: 'https://www.perplexity.ai/', domains: ['perplexity.ai', 'pplx.ai'], titles: ['Perplexity'] }),
  web({ id: 'grok', name: 'Grok', vendor: 'xAI', homepage: 'https://grok.com/', domains: ['grok.com'], titles: ['Grok'] }),
  web({ id: 'meta-ai', name: 'Meta AI', vendor: 'Meta', homepage: 'https://www.meta.ai/', domains: ['meta.ai'], titles: ['Meta AI'] }),
  web({ id: 'deepseek-chat', name: 'DeepSeek', vendor: 'DeepSeek', homepage: 'https://chat.deepseek.com/', domains: ['chat.deepseek.com'], titles: ['DeepSeek', 'DeepSeek - Into the Unknown'] }),
  web({ id: 'le-chat', name: 'Le Chat', vendor: 'Mistral AI', homepage: 'https://chat.mistral.ai/', domains: ['chat.mistral.ai'], titles: ['Le Chat', 'Le Chat - Mistral AI'] }),
  web({ id: 'poe', name: 'Poe', vendor: 'Quora', homepage: 'https://poe.com/', domains: ['poe.com'], titles: ['Poe'] }),
  web({ id: 'character-ai', name: 'Character.AI', vendor: 'Character Technologies', homepage: 'https://character.ai/', domains: ['character.ai', 'c.ai'], titles: ['Character.AI', 'character.ai'] }),
  web({ id: 'huggingchat', name: 'HuggingChat', vendor: 'Hugging Face', homepage: 'https://huggingface.co/chat/', domains: [], titles: ['HuggingChat'] }),
  web({ id: 'you-com', name: 'You.com', vendor: 'You.com', homepage: 'https://you.com/', domains: ['you.com'], titles: ['You.com'] }),
  web({ id: 'phind', name: 'Phind', vendor: 'Phind', homepage: 'https://www.phind.com/', domains: ['phind.com'], titles: ['Phind'] }),
  web({ id: 'kimi', name: 'Kimi', vendor: 'Moonshot AI', homepage: 'https://www.kimi.com/', domains: ['kimi.com', 'kimi.moonshot.cn'], titles: ['Kimi'] }),
  web({ id: 'doubao', name: 'Doubao', vendor: 'ByteDance', homepage: 'https://www.doubao.com/', domains: ['doubao.com'], titles: ['豆包', 'Doubao'] }),
  web({ id: 'qwen-chat', name: 'Qwen Chat', vendor: 'Alibaba (Qwen)', homepage: 'https://chat.qwen.ai/', domains: ['chat.qwen.ai', 'qwen.ai'], titles: ['Qwen Chat', 'Qwen'] }),
  web({ id: 'tongyi', name: 'Tongyi', vendor: 'Alibaba (Qwen)', homepage: 'https://tongyi.aliyun.com/', domains: ['tongyi.aliyun.com', 'qianwen.aliyun.com'], titles: ['通义', '通义千问'] }),
  web({ id: 'yuanbao', name: 'Tencent Yuanbao', vendor: 'Tencent', homepage: 'https://yuanbao.tencent.com/', domains: ['yuanbao.tencent.com'], titles: ['腾讯元宝'] }),
  web({ id: 'ernie-bot', name: 'ERNIE Bot (Wenxin Yiyan)', vendor: 'Baidu', homepage: 'https://yiyan.baidu.com/', domains: ['yiyan.baidu.com'], titles: ['文心一言'] }),
  web({ id: 'chatglm', name: 'ChatGLM / Z.ai chat', vendor: 'Zhipu AI', homepage: 'https://chatglm.cn/', domains: ['chatglm.cn', 'chat.z.ai'], titles: ['智谱清言', 'Z.ai'] }),
  web({ id: 'midjourney', name: 'Midjourney', vendor: 'Midjourney', homepage: 'https://www.midjourney.com/', domains: ['midjourney.com'], titles: ['Midjourney'] }),
  web({ id: 'leonardo-ai', name: 'Leonardo.Ai', vendor: 'Leonardo.Ai (Canva)', homepage: 'https://leonardo.ai/', domains: ['leonardo.ai'], titles: ['Leonardo.Ai'] }),
  web({ id: 'ideogram', name: 'Ideogram', vendor: 'Ideogram', homepage: 'https://ideogram.ai/', domains: ['ideogram.ai'], titles: ['Ideogram'] }),
  web({ id: 'runway', name: 'Runway', vendor: 'Runway', homepage: 'https://runwayml.com/', domains: ['runwayml.com'], titles: ['Runway'] }),
  web({ id: 'suno', name: 'Suno', vendor: 'Suno', homepage: 'https://suno.com/', domains: ['suno.com', 'suno.ai'], titles: ['Suno'] }),
  web({ id: 'udio', name: 'Udio', vendor: 'Udio', homepage: 'https://www.udio.com/', domains: ['udio.com'], titles: ['Udio'] }),
  web({ id: 'elevenlabs', name: 'ElevenLabs', vendor: 'ElevenLabs', homepage: 'https://elevenlabs.io/', domains: ['elevenlabs.io'], titles: ['ElevenLabs'] }),
  web({ id: 'heygen', name: 'HeyGen', vendor: 'HeyGen', homepage: 'https://www.heygen.com/', domains: ['heygen.com'], titles: ['HeyGen'] }),
  web({ id: 'synthesia', name: 'Synthesia', vendor: 'Synthesia', homepage: 'https://www.synthesia.io/', domains: ['synthesia.io'], titles: ['Synthesia'] }),
  web({ id: 'pika', name: 'Pika', vendor: 'Pika Labs', homepage: 'https://pika.art/', domains: ['pika.art'], titles: ['Pika'] }),
  web({ id: 'luma-dream-machine', name: 'Luma Dream Machine', vendor: 'Luma AI', homepage: 'https://lumalabs.ai/', domains: ['lumalabs.ai'], titles: ['Dream Machine', 'Luma Dream Machine'] }),
  web({ id: 'v0', name: 'v0', vendor: 'Vercel', homepage: 'https://v0.app/', domains: ['v0.dev', 'v0.app'], titles: ['v0', 'v0 by Vercel'] }),
  web({ id: 'bolt', name: 'Bolt', vendor: 'StackBlitz', homepage: 'https://bolt.new/', domains: ['bolt.new'], titles: ['Bolt'] }),
  web({ id: 'lovable', name: 'Lovable', vendor: 'Lovable', homepage: 'https://lovable.dev/', domains: ['lovable.dev', 'lovable.app'], titles: ['Lovable'] }),
  web({ id: 'replit', name: 'Replit Agent', vendor: 'Replit', homepage: 'https://replit.com/', domains: ['replit.com'], titles: ['Replit'], risk: 'Online IDE with an autonomous app-building agent; code and secrets live in Replit\'s cloud.' }),
  web({ id: 'manus', name: 'Manus', vendor: 'Manus AI (Butterfly Effect)', homepage: 'https://manus.im/', domains: ['manus.im', 'manus.ai'], titles: ['Manus'] }),
  web({ id: 'genspark', name: 'Genspark', vendor: 'MainFunc', homepage: 'https://www.genspark.ai/', domains: ['genspark.ai'], titles: ['Genspark'] }),
  web({ id: 'gamma', name: 'Gamma', vendor: 'Gamma', homepage: 'https://gamma.app/', domains: ['gamma.app'], titles: ['Gamma'] }),
  web({ id: 'jasper', name: 'Jasper', vendor: 'Jasper', homepage: 'https://www.jasper.ai/', domains: ['jasper.ai'], titles: ['Jasper'] }),
  web({ id: 'copy-ai', name: 'Copy.ai', vendor: 'Copy.ai', homepage: 'https://www.copy.ai/', domains: ['copy.ai'], titles: ['Copy.ai'] }),
  web({ id: 'quillbot', name: 'QuillBot', vendor: 'QuillBot (Learneo)', homepage: 'https://quillbot.com/', domains: ['quillbot.com'], titles: ['QuillBot'] }),
  web({ id: 'otter', name: 'Otter.ai', vendor: 'Otter.ai', homepage: 'https://otter.ai/', domains: ['otter.ai'], titles: ['Otter.ai'], risk: 'Meeting assistant that joins calls and uploads recordings and transcripts to its cloud.' }),
  web({ id: 'fireflies', name: 'Fireflies.ai', vendor: 'Fireflies.ai', homepage: 'https://fireflies.ai/', domains: ['fireflies.ai'], titles: ['Fireflies.ai'], risk: 'Meeting assistant that joins calls and uploads recordings and transcripts to its cloud.' }),
  web({ id: 'openrouter', name: 'OpenRouter', vendor: 'OpenRouter', homepage: 'https://openrouter.ai/', domains: ['openrouter.ai'], titles: ['OpenRouter'], risk: 'Gateway to hundreds of models from many providers behind one API key.' }),
  web({ id: 'lmarena', name: 'LMArena', vendor: 'LMArena', homepage: 'https://lmarena.ai/', domains: ['lmarena.ai'], titles: ['LMArena'] }),
  web({ id: 'github-copilot-web', name: 'GitHub Copilot (web)', vendor: 'GitHub', homepage: 'https://github.com/copilot', domains: [], titles: ['GitHub Copilot'] }),
  web({ id: 'notion-ai', name: 'Notion AI', vendor: 'Notion', homepage: 'https://www.notion.com/product/ai', domains: ['notion.ai'], titles: ['Notion AI'] }),
  web({ id: 'mistral-ai-studio', name: 'Mistral AI Studio', vendor: 'Mistral AI', homepage: 'https://console.mistral.ai/', domains: ['console.mistral.ai'], titles: ['Mistral AI Studio'] }),
  web({ id: 'openai-platform', name: 'OpenAI Platform', vendor: 'OpenAI', homepage: 'https://platform.openai.com/', domains: ['platform.openai.com'], titles: ['OpenAI Platform'] }),
  web({ id: 'claude-console', name: 'Claude Console', vendor: 'Anthropic', homepage: 'https://console.anthropic.com/', domains: ['console.anthropic.com', 'platform.claude.com'], titles: ['Claude Console', 'Anthropic Console'] }),
];
