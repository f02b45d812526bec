/** Answers the one question it was sent, and says what reached it (so a test can see who got what). */
export default function worker({ agent, inbox }: { agent: { name: string }; inbox: Array<{ from: string; text: string }> }) {
  const received = inbox.map((message) => message.text);
  const answer = agent.name === 'researcher' ? 'insertion sort: it runs in near-linear time on nearly sorted input' : 'for i in 1..n: sift a[i] left while smaller';
  return { message: answer, received };
}
