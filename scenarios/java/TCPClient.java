import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/**
 * The capitalize TCP client of the lecture notes. As on the slide, it
 * connects first and then reads a line from stdin, sends it, prints the
 * reply as "FROM SERVER: ..." and closes.
 *
 * <p>One addition to the slide: after the reply it waits, at most half a
 * second, for the server to close first. Closing at once would race the
 * server's close() for which FIN goes first.
 *
 * <p>Usage: java TCPClient HOST PORT &lt; line. Exit status: 0 replied, 1 an
 * I/O error or no reply, 2 bad usage.
 */
class TCPClient {
  public static void main(String[] argv) {
    if (argv.length != 2 || !TCPServer.isPort(argv[1])) {
      System.err.println("usage: java TCPClient HOST PORT < line");
      System.exit(2);
    }
    System.exit(run(argv[0], Integer.parseInt(argv[1])));
  }

  static int run(String host, int port) {
    BufferedReader inFromUser =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try (Socket clientSocket = new Socket(host, port)) {
      DataOutputStream outToServer = new DataOutputStream(clientSocket.getOutputStream());
      BufferedReader inFromServer = new BufferedReader(
          new InputStreamReader(clientSocket.getInputStream(), StandardCharsets.UTF_8));

      String sentence = inFromUser.readLine();
      if (sentence == null) {
        System.err.println("TCPClient: no line on stdin");
        return 1;
      }
      outToServer.write((sentence + '\n').getBytes(StandardCharsets.UTF_8));

      String modifiedSentence = inFromServer.readLine();
      if (modifiedSentence == null) {
        System.err.println("TCPClient: the server closed without replying");
        return 1;
      }
      System.out.println("FROM SERVER: " + modifiedSentence);
      waitForServerClose(clientSocket, inFromServer);
      return 0;
    } catch (IOException e) {
      System.err.println("TCPClient: " + e.getMessage());
      return 1;
    }
  }

  /** Reads until the server's FIN, for at most 500 ms, reporting extra bytes. */
  static void waitForServerClose(Socket socket, BufferedReader in) throws IOException {
    socket.setSoTimeout(500);
    long extra = 0;
    char[] scratch = new char[4096];
    try {
      for (int n; (n = in.read(scratch)) != -1; ) {
        extra += n;
      }
    } catch (SocketTimeoutException e) {
      // the server keeps the connection open: close anyway
    }
    if (extra > 0) {
      System.err.println("TCPClient: " + extra + " more characters after the reply line");
    }
  }
}
