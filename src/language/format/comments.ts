import { CstUtils, isLeafCstNode, type CstNode } from 'langium';

/** A comment in the source: where it is and its exact text. */
export interface Comment {
  offset: number;
  end: number;
  text: string;
}

/** Every line and block comment under `root`, in source order. */
export function collectComments(root: CstNode): Comment[] {
  const comments: Comment[] = [];
  for (const node of CstUtils.streamCst(root)) {
    if (isLeafCstNode(node) && node.hidden && node.tokenType.name.endsWith('COMMENT')) {
      comments.push({ offset: node.offset, end: node.end, text: node.text });
    }
  }
  return comments;
}
