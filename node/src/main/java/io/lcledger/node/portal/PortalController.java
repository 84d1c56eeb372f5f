package io.lcledger.node.portal;

import io.lcledger.chaincode.domain.LcStatus;
import io.lcledger.node.events.LiveStreams;
import io.lcledger.node.events.Notification;
import io.lcledger.node.identity.PortalAccounts;
import io.lcledger.node.identity.PortalAccounts.Account;
import io.lcledger.node.identity.SecurityConfiguration;
import io.lcledger.node.lc.web.DocumentController;
import io.lcledger.node.lc.web.LcController;
import io.lcledger.node.lc.web.MtController;
import io.lcledger.node.swift.MtType;
import java.io.IOException;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The client portal: login page, the company's LC list, an LC's page, documents, live updates. */
@Controller
public class PortalController {
  private final PortalPages pages;
  private final PortalAccounts accounts;
  private final LiveStreams streams;
  private final Map<Account, List<LiveStreams.Stream>> live = new ConcurrentHashMap<>();

  public PortalController(PortalPages pages, PortalAccounts accounts, LiveStreams streams) {
    this.pages = pages;
    this.accounts = accounts;
    this.streams = streams;
  }

  /**
   * A step on one of the company's own LCs reaches its open pages: the notification names the
   * branch and the companies, so another company's LC number never reaches this browser.
   */
  @EventListener
  void live(Notification n) {
    live.forEach(
        (account, pages) -> {
          if (n.branch().equals(account.branch()) && n.companies().contains(account.uscc())) {
            for (LiveStreams.Stream page : pages) {
              page.offer(
                  n.sequence(),
                  SseEmitter.event()
                      .name("step")
                      .data(Map.of("lcNumber", n.lcNumber(), "step", n.step())));
            }
          }
        });
  }

  @GetMapping("/login")
  public String login() {
    return "login";
  }

  /** Where a signed-in person lands on a page that is not for their role (a page, not JSON). */
  @RequestMapping(SecurityConfiguration.FORBIDDEN_PAGE)
  @ResponseStatus(HttpStatus.FORBIDDEN)
  public String forbidden() {
    return "forbidden";
  }

  @GetMapping("/portal")
  public String list(
      Principal principal,
      Model model,
      @RequestParam(required = false) LcStatus status,
      @RequestParam(required = false) String q,
      @RequestParam(defaultValue = "0") int page) {
    Account account = account(principal);
    model.addAttribute("account", account);
    model.addAttribute("status", status);
    model.addAttribute("q", q);
    model.addAttribute("statuses", LcStatus.values());
    model.addAttribute(
        "list",
        pages.list(account, status, q, Math.min(Math.max(0, page), LcController.MAX_PAGE), 10));
    return "portal/list";
  }

  @GetMapping("/portal/lcs/{lc}")
  public String lc(
      Principal principal,
      @PathVariable String lc,
      Model model,
      @RequestParam(required = false) String fragment) {
    Account account = account(principal);
    model.addAttribute("account", account);
    model.addAttribute("page", pages.lc(account, lc));
    return fragment != null ? "portal/lc :: live" : "portal/lc";
  }

  @GetMapping("/portal/lcs/{lc}/mt/{type}")
  @ResponseBody
  public ResponseEntity<String> mt(
      Principal principal,
      @PathVariable String lc,
      @PathVariable String type,
      @RequestParam(required = false) Integer amendment) {
    return MtController.download(
        lc, pages.mt(account(principal), lc, MtType.named(type), amendment));
  }

  @GetMapping("/portal/documents/{id}")
  @ResponseBody
  public ResponseEntity<byte[]> document(Principal principal, @PathVariable String id) {
    return DocumentController.file(pages.document(account(principal), id));
  }

  @GetMapping(path = "/portal/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @ResponseBody
  public SseEmitter events(Principal principal) throws IOException {
    SseEmitter emitter = new SseEmitter(0L);
    LiveStreams.Stream page =
        streams.open(
            emitter, live.computeIfAbsent(account(principal), k -> new CopyOnWriteArrayList<>()));
    emitter.send(SseEmitter.event().comment("connected"));
    page.register();
    return emitter;
  }

  private Account account(Principal principal) {
    return accounts.find(principal.getName()).orElseThrow();
  }
}
