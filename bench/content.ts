// Generated drafts for the benches: headings every 8 paragraphs, 80 Chinese characters per
// paragraph, sized by the length of their Yjs XML.

export const HAN = "协商民主是实践全过程人民民主的重要形式委员会围绕中心服务大局深入调查研究积极建言献策推动各项工作落到实处";

/** ProseMirror JSON whose Yjs XML is about `target` characters: headings and paragraphs. */
export function contentOfSize(target: number) {
  const content: object[] = [];
  let size = 0;
  for (let i = 0; size < target; i++) {
    if (i % 8 === 0) {
      const title = `第${i / 8 + 1}部分 ${HAN.slice(0, 10)}`;
      content.push({ type: "heading", attrs: { level: i % 16 === 0 ? 1 : 2 }, content: [{ type: "text", text: title }] });
      size += title.length + 60;
    }
    const text = Array.from({ length: 80 }, (_, k) => HAN[(i * 7 + k) % HAN.length]).join("");
    content.push({ type: "paragraph", content: [{ type: "text", text }] });
    size += text.length + 23;
  }
  return { type: "doc", content };
}


/** The same shape, sized by its text: about `chars` characters a reader would count. */
export function contentOfTextLength(chars: number) {
  const doc = contentOfSize(Math.ceil(chars * 1.3));
  let text = 0;
  const content: object[] = [];
  for (const block of doc.content as { content: { text: string }[] }[]) {
    if (text >= chars) break;
    content.push(block);
    text += block.content[0]!.text.length;
  }
  return { type: "doc", content };
}
